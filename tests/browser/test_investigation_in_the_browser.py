"""Issue 3's acceptance tests: investigation, decision, remedies and the satisfaction check.

Driven through the pages in a real Chromium. The complaints are set up through the
services up to "investigating" (amount in dispute 300 EUR, below the 1000 that needs a
quality lead's confirmation); from there on everything happens with the page's forms
and buttons, and the customer answers on the private link in a browser of their own.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from redress.complaints import services
from redress.complaints.lifecycle import Status
from redress.complaints.models import Complaint, EventKind, Priority
from redress.investigations.models import Decision, DecisionState, Outcome
from redress.letters.models import Letter, LetterState, SentVia
from redress.remedies.models import Remedy, RemedyStatus
from redress.surveys.models import CheckChannel, CheckState, SatisfactionCheck
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

FINDINGS = {
    "What happened": "The table was handed to the carrier and never delivered.",
    "When it happened": "Dispatched 2 October; the delivery window closed on 9 October.",
    "Who was involved": "Our warehouse, the carrier Swiftline, the customer.",
    "What the customer wants": "Her money back and the table after all.",
}
CUSTOMER_ACCOUNT = "I waited at home three Saturdays in a row and nobody came."
REASONS = "The carrier's log shows the parcel was lost in its depot; the customer paid in full."
ROOT_CAUSE = "Swiftline lost the parcel and nobody followed up the missing delivery scan."
UNHAPPY = "The refund arrived but the replacement table is scratched all over."
HAPPY = "A new table came today, perfect. Thank you."
PREVENTION = "Every parcel is now scanned at the depot gate and chased after two days."


@pytest.fixture(autouse=True)
def links_point_at_the_live_server(settings, live_server):
    # The survey link (on the staff page and in the email) is built from REDRESS_BASE_URL.
    settings.REDRESS_BASE_URL = live_server.url


def badge(page: Page):
    return page.get_by_test_id("status")


def investigating(submit, staff, **overrides) -> Complaint:
    complaint = submit(amount_in_dispute=Decimal("300.00"), currency="EUR", **overrides)
    services.complaint_register(
        complaint=complaint, actor=staff["quality"], assignee=staff["handler"]
    )
    services.complaint_transition(
        complaint=complaint, to=Status.INVESTIGATING, actor=staff["handler"]
    )
    return Complaint.objects.get(pk=complaint.pk)


def open_complaint(page: Page, base_url: str, complaint: Complaint) -> None:
    page.goto(f"{base_url}/staff/complaints/{complaint.reference}/")
    expect(page.get_by_test_id("reference")).to_have_text(complaint.reference)


def submit_and_wait(page: Page, button) -> None:
    with page.expect_navigation():
        button.click()


def flash(page: Page):
    return page.locator(".messages")


def establish_facts(page: Page) -> None:
    """Write down every fact of the checklist, one row at a time."""
    checklist = page.get_by_test_id("checklist")
    expect(checklist.locator("li")).to_have_count(4)
    expect(page.get_by_test_id("missing-facts")).to_be_visible()
    for text, finding in FINDINGS.items():
        row = checklist.locator("li", has_text=text)
        expect(row).to_have_class(re.compile(r"\bopen\b"))
        row.locator("textarea").fill(finding)
        submit_and_wait(page, row.get_by_role("button", name="Record"))
        expect(flash(page)).to_contain_text("Fact recorded.")
        row = page.get_by_test_id("checklist").locator("li", has_text=text)
        expect(row).to_have_class(re.compile(r"\bdone\b"))
        expect(row.locator(".note")).to_have_text(finding)
    expect(page.get_by_test_id("missing-facts")).to_have_count(0)


def record_customer_statement(page: Page) -> None:
    page.get_by_text("Record a statement").click()
    form = page.locator("form[data-form=statement]")
    form.get_by_label("Whose account").select_option("customer")
    form.get_by_label("Account", exact=True).fill(CUSTOMER_ACCOUNT)
    submit_and_wait(page, form.get_by_role("button", name="Save statement"))
    expect(flash(page)).to_contain_text("Statement recorded.")
    expect(page.get_by_test_id("statements")).to_contain_text("The customer's account")
    expect(page.get_by_test_id("statements")).to_contain_text(CUSTOMER_ACCOUNT)


def decide(page: Page, outcome: str, reasons: str, **fields: str) -> None:
    form = page.locator("form[data-form=decision]")
    form.get_by_label(outcome, exact=True).check()
    form.get_by_label("Reasons").fill(reasons)
    if "root_cause_category" in fields:
        form.get_by_label("Kind of root cause").select_option(label=fields["root_cause_category"])
        form.get_by_label("What went wrong and why").fill(fields["root_cause"])
    if "third_party_name" in fields:
        form.get_by_label("Third party the customer should turn to").fill(
            fields["third_party_name"]
        )
        form.get_by_label("How to reach them").fill(fields["third_party_contact"])
    submit_and_wait(page, form.get_by_role("button", name="Record decision"))


def agree_remedy(page: Page, kind: str, due_in_days: int, **fields: str) -> None:
    page.get_by_text("Agree a remedy").click()
    form = page.locator("form[data-form=remedy]")
    form.get_by_label("Remedy", exact=True).select_option(label=kind)
    for label, value in fields.items():
        form.get_by_label(label, exact=True).fill(value)
    due = (timezone.localdate() + timedelta(days=due_in_days)).isoformat()
    form.get_by_label("Due").fill(due)
    submit_and_wait(page, form.get_by_role("button", name="Agree remedy"))
    expect(flash(page)).to_contain_text("Remedy agreed.")


def step(page: Page, label: str, target: Status, note: str = "") -> None:
    """Take the step with the page's own button in "Next steps"."""
    form = page.locator(f"form.move[data-move='{target}']")
    button = form.get_by_role("button", name=label)
    expect(button).to_be_enabled()
    if note:
        form.locator("textarea[name=note]").fill(note)
    submit_and_wait(page, button)
    expect(badge(page)).to_have_text(str(target.label))


def survey_link(page: Page) -> str:
    link = page.get_by_test_id("survey-link")
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href and re.search(r"/survey/[\w-]{30,}/$", href), href
    return href


def answer_survey(
    page: Page, url: str, solved: str, score: int, comment: str, screenshot=None
) -> None:
    page.goto(url)
    expect(page.locator("h1")).to_have_text("Is your problem solved?")
    page.locator("#field-solved").get_by_label(solved, exact=True).check()
    page.locator("#field-score").get_by_label(str(score), exact=True).check()
    page.get_by_label("Anything you would like to tell us?").fill(comment)
    if screenshot:
        page.screenshot(path=str(screenshot), full_page=True)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Send answer").click()
    assert posted.value.status == 200


def test_justified_with_refund_and_replacement_reopened_by_the_customer_then_closed(
    live_server, staff, staff_page, visitor_page, submit, artifacts
):
    quality = staff["quality"]
    quality.email = "quality@redress.example"
    quality.save(update_fields=["email"])
    complaint = investigating(submit, staff)
    give_a_signature(staff["signatory"])
    base = live_server.url

    # --- The handler investigates: the four facts and the customer's own account ----------
    handler = staff_page(base, "handler")
    open_complaint(handler, base, complaint)
    expect(badge(handler)).to_have_text("Investigating")
    # Deciding is done in the decision form; "Next steps" only points there.
    expect(handler.locator("form.move[data-move='decided']")).to_have_count(0)
    expect(handler.get_by_role("link", name="Record decision")).to_have_attribute(
        "href", "#decision"
    )
    establish_facts(handler)
    record_customer_statement(handler)

    # --- A justified decision, with its reasons and root cause -----------------------------
    decide(
        handler,
        "Justified",
        REASONS,
        root_cause_category="Supplier or carrier",
        root_cause=ROOT_CAUSE,
    )
    expect(badge(handler)).to_have_text("Decided")
    expect(flash(handler)).to_contain_text("Decision recorded.")
    decision = handler.get_by_test_id("decision")
    expect(decision).to_contain_text("Justified")
    expect(decision).to_contain_text("Confirmed")
    expect(decision).to_contain_text(REASONS)
    expect(decision).to_contain_text(f"Supplier or carrier: {ROOT_CAUSE}")
    # The restricted section is not on a handler's page at all.
    expect(handler.get_by_test_id("disciplinary")).to_have_count(0)

    # --- Remedies: a refund and a replacement, agreed on the page --------------------------
    agree_remedy(handler, "Refund", 3, Amount="300.00", Currency="EUR")
    agree_remedy(handler, "Replacement", 10, **{"What exactly": "A new oak table, delivered"})
    rows = handler.get_by_test_id("remedies").locator("tbody tr")
    expect(rows).to_have_count(2)
    refund_row = handler.locator("tr[data-remedy=refund]")
    expect(refund_row).to_contain_text("300.00 EUR")
    expect(refund_row).to_contain_text("Agreed")
    expect(handler.locator("tr[data-remedy=replacement]")).to_contain_text("A new oak table")
    handler.screenshot(path=str(artifacts / "investigation-decided.png"), full_page=True)

    # --- The response letter: drafted from the page, signed, sent by post -------------------
    # Drafting the answer to the decision starts the response; the way on waits for it.
    letter_id = draft_the_response(handler, base, complaint.reference, "justified", PREVENTION)
    open_complaint(handler, base, complaint)
    expect(badge(handler)).to_have_text("Responding")
    expect_response_not_sent_yet(handler, "remedying")
    signatory = staff_page(base, "signatory")
    approve_and_sign(signatory, base, letter_id)
    # Sending moves the complaint on by itself: the agreed remedies are open.
    send_by_post(handler, base, complaint.reference, letter_id)
    expect(badge(handler)).to_have_text("Remedying")
    expect_letter_events(handler)

    # --- Remedies; the satisfaction check waits for them ----------------------------------
    waiting = handler.locator("form.move[data-move='satisfaction_check'] button")
    expect(waiting).to_be_disabled()
    expect(handler.get_by_test_id("refused-satisfaction_check")).to_contain_text(
        "2 agreed remedies are still open"
    )
    for kind in ("refund", "replacement"):
        row = handler.locator(f"tr[data-remedy={kind}]")
        row.get_by_label("Note").fill("Carried out.")
        submit_and_wait(handler, row.get_by_role("button", name="Done"))
        expect(flash(handler)).to_contain_text("Remedy updated.")
        expect(handler.locator(f"tr[data-remedy={kind}]")).to_contain_text("Done")
    assert set(Remedy.objects.values_list("status", flat=True)) == {RemedyStatus.DONE}
    step(handler, "Start satisfaction check", Status.SATISFACTION_CHECK)
    # Closing now waits for the customer's answer, and the page says why.
    expect(handler.locator("form.move[data-move='closed'] button")).to_be_disabled()
    expect(handler.get_by_test_id("refused-closed")).to_contain_text(
        "The customer has not answered yet"
    )
    first_link = survey_link(handler)
    handler.screenshot(path=str(artifacts / "satisfaction-check-sent.png"), full_page=True)

    # --- The customer, in a browser of their own: not solved, 2 of 5 -----------------------
    customer = visitor_page()
    answer_survey(
        customer, first_link, "No", 2, UNHAPPY, screenshot=artifacts / "survey-form-filled.png"
    )
    expect(customer.locator("main")).to_contain_text("Your complaint has been reopened")
    customer.screenshot(path=str(artifacts / "survey-answered-not-solved.png"), full_page=True)

    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.status == Status.REOPENED
    assert complaint.priority == Priority.HIGH
    escalation = [m for m in mail.outbox if m.to == ["quality@redress.example"]]
    assert len(escalation) == 1 and UNHAPPY in escalation[0].body

    # --- The staff page: reopened, escalated, the customer's words in the journal ----------
    open_complaint(handler, base, complaint)
    expect(badge(handler)).to_have_text("Reopened")
    timeline = handler.get_by_test_id("timeline")
    answer = timeline.locator("li.event-survey", has_text=UNHAPPY)
    expect(answer).to_contain_text("not solved, 2 of 5")
    expect(answer.locator(".who")).to_have_text("the customer")
    escalated = timeline.locator("li.event-escalated")
    expect(escalated).to_have_count(1)
    expect(escalated).to_contain_text("Escalated to the quality lead")
    expect(escalated).to_contain_text(f"Escalated to {quality}")
    expect(escalated).to_contain_text(UNHAPPY)
    expect(handler.get_by_test_id("checks")).to_contain_text(
        "Answered: not solved, 2/5 (Private link)"
    )
    handler.screenshot(path=str(artifacts / "reopened-and-escalated.png"), full_page=True)

    # --- The quality lead takes it back through investigation to a new decision ------------
    lead = staff_page(base, "quality")
    open_complaint(lead, base, complaint)
    expect(lead.get_by_test_id("disciplinary")).to_be_visible()
    step(lead, "Start investigation", Status.INVESTIGATING)
    # The earlier decision gave way; the facts stay established.
    expect(lead.get_by_test_id("decision")).to_have_count(0)
    expect(lead.get_by_test_id("missing-facts")).to_have_count(0)
    decide(
        lead,
        "Justified",
        "The replacement was damaged in transit as well; a second one is sent with our van.",
        root_cause_category="Supplier or carrier",
        root_cause="Swiftline's handling damaged the replacement too.",
    )
    expect(badge(lead)).to_have_text("Decided")
    # The new decision needs a response of its own; the remedies are done, so sending it
    # goes straight to the satisfaction check.
    letter_id = draft_the_response(lead, base, complaint.reference, "justified", PREVENTION)
    open_complaint(lead, base, complaint)
    expect(badge(lead)).to_have_text("Responding")
    expect_response_not_sent_yet(lead, "satisfaction_check")
    approve_and_sign(signatory, base, letter_id)
    send_by_post(lead, base, complaint.reference, letter_id)
    expect(badge(lead)).to_have_text("Satisfaction check")
    expect_letter_events(lead, count=2)
    second_link = survey_link(lead)
    assert second_link != first_link
    expect(lead.get_by_test_id("checks").locator("li")).to_have_count(2)

    # --- The customer: the old link is spent; the new one, "Yes", 5 -------------------------
    customer = visitor_page()
    customer.goto(first_link)
    expect(customer.locator("h1")).to_have_text("This link has been used")
    answer_survey(customer, second_link, "Yes", 5, HAPPY)
    expect(customer.locator("main")).to_contain_text("We are glad the problem is solved")
    expect(customer.locator("main")).not_to_contain_text("reopened")
    customer.screenshot(path=str(artifacts / "survey-answered-solved.png"), full_page=True)

    # --- Closed --------------------------------------------------------------------------
    open_complaint(lead, base, complaint)
    expect(badge(lead)).to_have_text("Closed")
    expect(lead.get_by_test_id("checks")).to_contain_text(
        "Round 2 · Answered: solved, 5/5 (Private link)"
    )
    expect(lead.get_by_test_id("survey-link")).to_have_count(0)
    timeline = lead.get_by_test_id("timeline")
    expect(timeline.locator("li.event-status").last).to_contain_text("Satisfaction check → Closed")
    lead.screenshot(path=str(artifacts / "closed-after-second-check.png"), full_page=True)

    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.status == Status.CLOSED
    path = list(complaint.events.filter(kind=EventKind.STATUS).values_list("to_status", flat=True))
    assert path[2:] == [
        "investigating",
        "decided",
        "responding",
        "remedying",
        "satisfaction_check",
        "reopened",
        "investigating",
        "decided",
        "responding",
        "satisfaction_check",
        "closed",
    ]
    decisions = list(complaint.decisions.order_by("id").values_list("state", "decided_by"))
    assert decisions == [
        (DecisionState.SUPERSEDED, staff["handler"].pk),
        (DecisionState.CONFIRMED, quality.pk),
    ]
    checks = list(
        SatisfactionCheck.objects.filter(complaint=complaint)
        .order_by("round")
        .values_list("round", "state", "solved", "score", "channel")
    )
    assert checks == [
        (1, CheckState.ANSWERED, False, 2, CheckChannel.LINK),
        (2, CheckState.ANSWERED, True, 5, CheckChannel.LINK),
    ]
    # One signed response per decision, each sent by post, each drafted by who decided.
    sent = list(
        Letter.objects.filter(complaint=complaint)
        .order_by("id")
        .values_list("kind", "state", "sent_via", "decision__decided_by", "created_by")
    )
    assert sent == [
        ("justified", LetterState.SENT, SentVia.POST, staff["handler"].pk, staff["handler"].pk),
        ("justified", LetterState.SENT, SentVia.POST, quality.pk, quality.pk),
    ]


def test_not_justified_with_reasons_goes_to_the_satisfaction_check(
    live_server, staff, staff_page, submit, artifacts
):
    complaint = investigating(submit, staff, subject="Wobbly table legs")
    give_a_signature(staff["signatory"])
    base = live_server.url
    handler = staff_page(base, "handler")
    open_complaint(handler, base, complaint)
    establish_facts(handler)

    # Without reasons the decision is refused, and nothing typed is lost.
    form = handler.locator("form[data-form=decision]")
    form.get_by_label("Not justified", exact=True).check()
    form.get_by_label("Reasons").fill("No.")
    with handler.expect_response(lambda r: r.request.method == "POST") as posted:
        form.get_by_role("button", name="Record decision").click()
    assert posted.value.status == 400
    form = handler.locator("form[data-form=decision]")
    expect(form.locator("#field-reasons .error")).to_have_text(
        "Give the reasons for the decision in a sentence or more."
    )
    expect(form.get_by_label("Not justified", exact=True)).to_be_checked()
    expect(form.get_by_label("Reasons")).to_have_value("No.")
    expect(badge(handler)).to_have_text("Investigating")
    assert not Decision.objects.exists()

    reasons = "The legs were assembled without the supplied bolts, against the instructions."
    decide(handler, "Not justified", reasons)
    expect(badge(handler)).to_have_text("Decided")
    decision = handler.get_by_test_id("decision")
    expect(decision).to_contain_text("Not justified")
    expect(decision).to_contain_text(reasons)
    expect(decision).not_to_contain_text("Root cause")
    # The rejection letter: drafted, signed, sent by post; sending it (no remedies agreed)
    # moves the complaint straight to the satisfaction check.
    letter_id = draft_the_response(handler, base, complaint.reference, "not_justified")
    open_complaint(handler, base, complaint)
    expect(badge(handler)).to_have_text("Responding")
    expect_response_not_sent_yet(handler, "satisfaction_check")
    approve_and_sign(staff_page(base, "signatory"), base, letter_id)
    send_by_post(handler, base, complaint.reference, letter_id)
    expect(badge(handler)).to_have_text("Satisfaction check")
    expect_letter_events(handler)
    survey_link(handler)
    handler.screenshot(path=str(artifacts / "not-justified-satisfaction-check.png"), full_page=True)
    stored = Decision.objects.get()
    assert (stored.outcome, stored.reasons, stored.root_cause_category) == (
        Outcome.NOT_JUSTIFIED,
        reasons,
        None,
    )
    path = list(complaint.events.filter(kind=EventKind.STATUS).values_list("to_status", flat=True))
    assert path[-3:] == ["decided", "responding", "satisfaction_check"]
    letter = Letter.objects.get(complaint=complaint)
    assert (letter.kind, letter.state, letter.sent_via) == (
        "not_justified",
        LetterState.SENT,
        SentVia.POST,
    )


def test_outside_our_responsibility_names_the_third_party(
    live_server, staff, staff_page, submit, artifacts
):
    complaint = investigating(submit, staff, subject="Fridge stopped cooling")
    base = live_server.url
    handler = staff_page(base, "handler")
    open_complaint(handler, base, complaint)
    establish_facts(handler)

    # Naming the third party is required for this outcome.
    reasons = "The fault is a manufacturing defect covered by the maker's own warranty."
    decide(handler, "Outside our responsibility", reasons)
    expect(badge(handler)).to_have_text("Investigating")
    form = handler.locator("form[data-form=decision]")
    expect(form.locator("#field-third_party_name .error")).to_have_text(
        "Name the party the customer should turn to."
    )
    expect(form.locator("#field-third_party_contact .error")).to_have_text(
        "Say how the customer can reach them."
    )
    expect(form.get_by_label("Reasons")).to_have_value(reasons)

    decide(
        handler,
        "Outside our responsibility",
        reasons,
        third_party_name="Northwind Appliances (manufacturer)",
        third_party_contact="service@northwind.example\n+44 20 7946 0000",
    )
    expect(badge(handler)).to_have_text("Decided")
    decision = handler.get_by_test_id("decision")
    expect(decision).to_contain_text("Outside our responsibility")
    referred = decision.locator("div", has=handler.locator("dt", has_text="Referred to"))
    expect(referred.locator("dd")).to_contain_text("Northwind Appliances (manufacturer)")
    expect(referred.locator("dd")).to_contain_text("service@northwind.example")
    expect(referred.locator("dd")).to_contain_text("+44 20 7946 0000")
    handler.screenshot(path=str(artifacts / "outside-our-responsibility.png"), full_page=True)
    stored = Decision.objects.get()
    assert stored.third_party_name == "Northwind Appliances (manufacturer)"
    assert stored.third_party_contact.splitlines() == [
        "service@northwind.example",
        "+44 20 7946 0000",
    ]
