"""The acceptance test: a complaint's whole life, driven through the pages in a real Chromium.

A visitor files a complaint in Thai on the public form; a quality lead finds it in the
journal and walks it through every state to "closed" with the buttons and forms on the
complaint page (the facts and the decision in their own forms; the customer's "Yes, 5"
taken by phone closes it); the customer's tracking page follows along.
"""

import re
from itertools import pairwise

import pytest
from django.utils import formats, translation
from playwright.sync_api import Page, expect

from redress.complaints.lifecycle import TRANSITIONS, Status
from redress.complaints.models import Category, Channel, Complaint, EventKind
from redress.letters.models import Letter, LetterState, SentVia
from tests.browser.letter_steps import (
    approve_and_sign,
    draft_the_response,
    expect_letter_events,
    expect_response_not_sent_yet,
    give_a_signature,
    send_by_post,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THAI = {
    "full_name": "สมชาย ใจดี",
    "email": "somchai@example.co.th",
    "subject": "โต๊ะที่สั่งไม่มาส่ง",
    "description": (
        "ฉันสั่งโต๊ะไม้และจ่ายเงินล่วงหน้าเมื่อหกสัปดาห์ที่แล้ว แต่จนถึงวันนี้ยังไม่ได้รับสินค้าเลย และไม่มีใครติดต่อกลับมา"
    ),
}

# (target status, the button's label, what the quality lead writes in the textarea);
# deciding happens in the decision form, the response in the letters section (drafting
# the answer to the decision starts it; sending the signed letter moves on, here straight
# to the satisfaction check as no remedies are agreed), closing with the customer's answer.
STEPS = [
    (Status.REGISTERED, "Register and assign", "Delivery problem, to the handler."),
    (Status.INVESTIGATING, "Start investigation", "Asked the carrier for the delivery log."),
    (Status.DECIDED, "Record decision", None),
    (Status.RESPONDING, "Draft the letter", "The response letter is being drafted."),
    (Status.SATISFACTION_CHECK, "Send the letter", "The signed response letter has been sent."),
    (Status.CLOSED, "Close", None),
]
# Measures against a recurrence, for the letter (rule 9): "to prevent it happening again,
# the company has improved how parcels are checked at the depot".
PREVENTION = "เพื่อป้องกันไม่ให้เกิดขึ้นอีก บริษัทฯ ได้ปรับปรุงการตรวจสอบพัสดุที่คลังสินค้าแล้ว"
FINDINGS = [
    "The parcel was handed to the carrier and lost in its depot.",
    "Dispatched six weeks before the complaint.",
    "The warehouse and the carrier.",
    "A refund of the prepayment.",
]
REASONS = "The carrier lost the parcel; the customer paid in advance and received nothing."
CLOSED_NOTE = "Closed after the customer confirmed the problem is solved (5 of 5)."
NOTES = [
    *(note for _, _, note in STEPS[:2]),
    f"Justified: {REASONS}",
    *(note for _, _, note in STEPS[3:5]),
    CLOSED_NOTE,
]


def thai(text) -> str:
    with translation.override("th"):
        return str(text)


def in_thai_script(text: str) -> bool:
    return re.search("[\u0e00-\u0e7f]", text) is not None


def badge(page: Page):
    return page.get_by_test_id("status")


def decide_in_the_decision_form(lead: Page, label: str) -> None:
    """The facts of the checklist first, then a justified decision with its reasons."""
    # "Next steps" points to the decision section rather than offering a bare button.
    link = lead.locator("#actions-h + p a")
    expect(link).to_have_text(label)
    expect(link).to_have_attribute("href", "#decision")
    form = lead.locator("form[data-form=decision]")
    # Without the facts the decision is refused, and says which are missing.
    form.get_by_label("Justified", exact=True).check()
    form.get_by_label("Reasons").fill(REASONS)
    with lead.expect_navigation():
        form.get_by_role("button", name=label).click()
    expect(lead.locator("form[data-form=decision] .error").first).to_contain_text(
        "Establish these facts first"
    )
    expect(badge(lead)).to_have_text(str(Status.INVESTIGATING.label))
    rows = lead.get_by_test_id("checklist").locator("li")
    expect(rows).to_have_count(len(FINDINGS))
    for i, finding in enumerate(FINDINGS):
        row = lead.get_by_test_id("checklist").locator("li").nth(i)
        row.locator("textarea").fill(finding)
        with lead.expect_navigation():
            row.get_by_role("button", name="Record").click()
        expect(lead.get_by_test_id("checklist").locator("li").nth(i)).to_contain_text(finding)
    form = lead.locator("form[data-form=decision]")
    form.get_by_label("Justified", exact=True).check()
    form.get_by_label("Reasons").fill(REASONS)
    form.get_by_label("Kind of root cause").select_option(label="Supplier or carrier")
    form.get_by_label("What went wrong and why").fill("The carrier's depot lost the parcel.")
    with lead.expect_navigation():
        form.get_by_role("button", name=label).click()
    expect(lead.locator(".messages")).to_contain_text("Decision recorded.")
    expect(lead.get_by_test_id("decision")).to_contain_text(REASONS)


def close_with_the_customers_answer_by_phone(lead: Page, label: str) -> None:
    """Close waits for the customer; their "Yes, 5" given by phone closes the case."""
    close = lead.locator("form.move[data-move='closed'] button")
    expect(close).to_have_text(label)
    expect(close).to_be_disabled()
    expect(lead.get_by_test_id("refused-closed")).to_contain_text(
        "The customer has not answered yet"
    )
    lead.get_by_text("Record the answer given by phone").click()
    survey = lead.locator("#survey form")
    survey.locator("#field-solved").get_by_label("Yes", exact=True).check()
    survey.locator("#field-score").get_by_label("5", exact=True).check()
    survey.get_by_label("Anything you would like to tell us?").fill("Happy, the refund is in.")
    with lead.expect_navigation():
        survey.get_by_role("button", name="Save answer").click()
    expect(lead.locator(".messages")).to_contain_text("The customer's answer is recorded.")


def test_a_thai_web_complaint_goes_from_the_form_to_closed(
    live_server, page, staff, staff_page, artifacts
):
    delivery = Category.objects.get(code="delivery")
    give_a_signature(staff["signatory"])

    # --- The visitor: the public form, switched to Thai with the header's select ---------
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # With JavaScript the "Change" button is hidden: the select submits itself.
    expect(page.locator("form.lang button[type=submit]")).to_be_hidden()
    with page.expect_navigation():
        page.locator("select[name=language]").select_option("th")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    assert page.url.rstrip("/") == live_server.url  # back on the form, not somewhere else
    expect(page.locator("select[name=language]")).to_have_value("th")
    # The form speaks Thai: the category list comes in Thai, the reply language is preset.
    expect(page.locator(f"#id_category option[value='{delivery.pk}']")).to_have_text("การจัดส่ง")
    expect(page.locator("#id_preferred_language")).to_have_value("th")
    # ... and so does the page itself: heading, labels and the send button.
    for selector in ("main h1", "label[for=id_full_name]", "form.form button[type=submit]"):
        text = page.locator(selector).inner_text()
        assert in_thai_script(text), f"{selector} is not in Thai: {text!r}"

    page.fill("#id_full_name", THAI["full_name"])
    page.fill("#id_email", THAI["email"])
    page.fill("#id_subject", THAI["subject"])
    page.locator("#id_category").select_option(label="การจัดส่ง")
    page.fill("#id_description", THAI["description"])
    page.screenshot(path=str(artifacts / "public-form-thai.png"), full_page=True)
    page.locator("form.form button[type=submit]").click()

    # --- The acknowledgement: reference number and reply date -------------------------------
    expect(page).to_have_url(re.compile(r"/complaint/received/[^/]{20,}/$"))
    expect(page.locator("html")).to_have_attribute("lang", "th")
    reference = page.get_by_test_id("reference").inner_text().strip()
    assert re.fullmatch(r"RD-\d{4}-\d{6}", reference), reference

    complaint = Complaint.objects.select_related("customer", "category").get(reference=reference)
    assert complaint.channel == Channel.WEB
    assert complaint.status == Status.ACKNOWLEDGED  # web intake acknowledges by itself
    assert complaint.language == "th"
    assert complaint.subject == THAI["subject"]
    assert complaint.description == THAI["description"]
    assert complaint.category == delivery
    assert complaint.customer.full_name == THAI["full_name"]
    assert complaint.customer.email == THAI["email"]
    assert complaint.customer.preferred_language == "th"
    assert complaint.reply_due_on is not None
    with translation.override("th"):
        reply_due = formats.date_format(complaint.reply_due_on, "DATE_FORMAT")
    expect(page.get_by_test_id("reply-due")).to_have_text(reply_due)
    expect(page.locator("h1")).to_contain_text(THAI["full_name"])
    assert in_thai_script(page.locator(".ack .eyebrow").inner_text())  # "Complaint received"
    page.screenshot(path=str(artifacts / "acknowledgement-thai.png"), full_page=True)

    # --- The customer's tracking page, from the link on the acknowledgement ------------------
    track_link = page.locator(f"a[href='/track/{complaint.tracking_token}/']")
    expect(track_link).to_have_count(1)
    track_link.click()
    expect(page).to_have_url(f"{live_server.url}/track/{complaint.tracking_token}/")
    expect(page.locator("h1")).to_have_text(reference)
    expect(badge(page)).to_have_text(thai(Status.ACKNOWLEDGED.label))
    expect(page.locator("ol.steps li[aria-current=step]")).to_have_text(
        thai(Status.ACKNOWLEDGED.label)
    )
    tracking_url = page.url

    # --- The quality lead: log in, find the complaint in the journal -------------------------
    lead = staff_page(live_server.url, "quality")
    expect(lead).to_have_url(f"{live_server.url}/staff/")
    expect(lead.locator("html")).to_have_attribute("lang", "en")
    lead.fill("form.filters input[name=q]", reference)
    lead.locator("form.filters button[type=submit]").click()
    expect(lead).to_have_url(re.compile(r"/staff/\?.*q=" + reference))
    expect(lead.get_by_test_id("result-count")).to_have_text("1 complaint")
    rows = lead.locator("table.table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(THAI["subject"])
    expect(rows.first).to_contain_text(THAI["full_name"])
    rows.first.get_by_role("link", name=reference).click()

    # --- The complaint page: every step with its button ---------------------------------------
    expect(lead).to_have_url(f"{live_server.url}/staff/complaints/{reference}/")
    expect(lead.get_by_test_id("reference")).to_have_text(reference)
    expect(badge(lead)).to_have_text("Acknowledged")
    expect(lead.locator(".prose").first).to_contain_text(THAI["description"])

    handler = staff["handler"]
    previous = Status.ACKNOWLEDGED
    for target, label, note in STEPS:
        # Only the moves the table allows from here are offered (plus the quality lead's
        # reassign form once there is a responsible person); a move taken in a section's
        # own form is a link to that section instead.
        # (The deadlines card has forms of its own: pause, resume, holding reply, contact.)
        offered = set(
            lead.locator("form.move[action$='/transition/']").evaluate_all(
                "fs => fs.map(f => f.dataset.move)"
            )
        )
        allowed = {
            t.value for (s, t), move in TRANSITIONS.items() if s == previous and not move.in_panel
        }
        assert offered - {"reassign"} == allowed, (previous, offered)

        if target == Status.DECIDED:
            decide_in_the_decision_form(lead, label)
        elif target == Status.RESPONDING:
            letter_id = draft_the_response(
                lead, live_server.url, reference, "justified", PREVENTION
            )
            expect(lead.locator("textarea[name=body]")).to_contain_text(THAI["full_name"])
            lead.goto(f"{live_server.url}/staff/complaints/{reference}/")
        elif target == Status.SATISFACTION_CHECK:
            expect_response_not_sent_yet(lead, "satisfaction_check")
            approve_and_sign(staff_page(live_server.url, "signatory"), live_server.url, letter_id)
            send_by_post(lead, live_server.url, reference, letter_id)
        elif target == Status.CLOSED:
            close_with_the_customers_answer_by_phone(lead, label)
        else:
            form = lead.locator(f"form.move[data-move='{target}']")
            expect(form).to_have_count(1)
            button = form.locator("button[type=submit]")
            expect(button).to_have_text(label)
            if target == Status.REGISTERED:
                form.locator("select[name=assignee]").select_option(str(handler.pk))
            form.locator("textarea[name=note]").fill(note)
            with lead.expect_navigation():
                button.click()
            expect(lead.locator(".messages")).to_contain_text(
                f"Status changed to “{target.label}”."
            )
        expect(lead).to_have_url(re.compile(rf"/staff/complaints/{reference}/(#\w+)?$"))
        expect(badge(lead)).to_have_text(str(target.label))
        assert Complaint.objects.get(pk=complaint.pk).status == target
        if target == Status.REGISTERED:
            expect(lead.get_by_test_id("assignee")).to_contain_text(str(handler))
        previous = target

    # --- The end: closed, nothing left to do but reopen, the whole story in the timeline ------
    expect(badge(lead)).to_have_text("Closed")
    expect(badge(lead)).to_have_class(re.compile(r"\bbadge-closed\b"))
    offered = lead.locator("form.move[action$='/transition/']").evaluate_all(
        "fs => fs.map(f => f.dataset.move)"
    )
    assert offered == ["reopened"]
    expect_letter_events(lead)
    letter = Letter.objects.get(complaint=complaint)
    assert (letter.kind, letter.language, letter.state, letter.sent_via) == (
        "justified",
        "th",
        LetterState.SENT,
        SentVia.POST,
    )

    timeline = lead.get_by_test_id("timeline")
    status_changes = timeline.locator("li.event-status strong").all_inner_texts()
    path = [Status.RECEIVED, Status.ACKNOWLEDGED, *[t for t, _, _ in STEPS]]
    assert status_changes == [f"{a.label} → {b.label}" for a, b in pairwise(path)]
    notes = timeline.locator("li.event-status .note").all_inner_texts()
    assert notes == NOTES
    who = timeline.locator("li.event-status .who").all_inner_texts()
    # The system acknowledges; the quality lead takes every step; the answer closes it.
    assert who == ["automatically"] + [str(staff["quality"])] * (len(STEPS) - 1) + ["automatically"]
    # Between the status changes: the facts, the survey sent and the customer's answer.
    kinds = timeline.locator("li").evaluate_all("ls => ls.map(l => l.className)")
    assert kinds.count("event-fact") == len(FINDINGS)
    assert kinds.index("event-fact") > kinds.index("event-status") + 3  # after investigating
    answer = timeline.locator("li.event-survey", has_text="solved, 5 of 5")
    expect(answer).to_contain_text("In the customer's words: Happy, the refund is in.")
    expect(answer.locator(".who")).to_have_text(str(staff["quality"]))
    # The first entry is the customer's submission, and the assignment is recorded too.
    expect(timeline.locator("li").first).to_have_class(re.compile(r"\bevent-submitted\b"))
    expect(timeline.locator("li.event-assigned")).to_contain_text(str(handler))
    steps = [k for k in kinds if k != "event-email_out"]  # the queued acknowledgement apart
    assert (
        steps.index("event-assigned") == steps.index("event-status") + 2
    )  # right after registering
    # The page and the database tell the same story, in the same order.
    db_path = list(
        complaint.events.filter(kind=EventKind.STATUS).values_list("from_status", "to_status")
    )
    assert db_path == [(a.value, b.value) for a, b in pairwise(path)]
    lead.screenshot(path=str(artifacts / "complaint-closed.png"), full_page=True)

    # --- The customer sees it closed, in Thai, without the internal notes -------------------
    page.goto(tracking_url)
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(badge(page)).to_have_text(thai(Status.CLOSED.label))
    assert in_thai_script(badge(page).inner_text()), "the status is not shown in Thai"
    expect(page.locator("ol.steps li[aria-current=step]")).to_have_text(thai(Status.CLOSED.label))
    expect(page.locator("ol.steps li.done")).to_have_count(9)
    history = page.locator("ol.timeline li span").all_inner_texts()
    assert history[-1] == thai(Status.CLOSED.label)
    body = page.locator("body").inner_text()
    for note in [*NOTES, *FINDINGS]:
        assert note not in body
    page.screenshot(path=str(artifacts / "tracking-closed-thai.png"), full_page=True)
