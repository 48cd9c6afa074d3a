"""The complaint page's investigation, decision, remedies and survey sections, and their POSTs.

Through Django's test client: a refused POST renders the page again with status 400 (403
for a role that may not), the message, and what was typed still in the form.
"""

import re
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape

from redress.complaints import selectors as complaint_selectors
from redress.complaints.lifecycle import Status
from redress.investigations import services as inv
from redress.investigations import views
from redress.investigations.models import (
    Decision,
    DecisionState,
    DisciplinaryMeasure,
    EstablishedFact,
    Evidence,
    Statement,
)
from redress.investigations.selectors import fact_items_for, live_decision
from redress.remedies.models import Remedy, RemedyKind, RemedyStatus
from redress.surveys import services as surveys
from redress.surveys.models import CheckChannel, CheckState
from tests.conftest import customer_input, make_user
from tests.stages import (
    REASONS,
    add_remedy,
    decide,
    decided,
    establish_facts,
    finish_remedies,
    fresh,
    in_satisfaction_check,
    investigating,
    move,
    pending_check,
    root_cause,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client):
    def _as(user):
        client.force_login(user)
        return client

    return _as


def page(complaint, tail=""):
    return f"/staff/complaints/{complaint.reference}/{tail}"


def html(response) -> str:
    return response.content.decode()


def prefixed(prefix: str, data: dict) -> dict:
    """The POST of a form that carries a prefix (several forms share one page)."""
    return {f"{prefix}-{name}": value for name, value in data.items()}


def redirected_to(response, complaint, anchor):
    assert response.status_code == 302, html(response)[:2000]
    assert response["Location"] == page(complaint) + anchor


def test_the_investigation_and_decision_sections_are_on_the_page(login, staff, submit):
    complaint = investigating(submit, staff)
    text = html(login(staff["handler"]).get(page(complaint)))
    assert 'id="investigation"' in text and 'data-testid="checklist"' in text
    assert 'data-form="statement"' in text and 'data-form="decision"' in text
    assert 'data-testid="missing-facts"' in text
    # The signatory reads the sections but gets no forms.
    text = html(login(staff["signatory"]).get(page(complaint)))
    assert 'data-testid="checklist"' in text
    assert 'data-form="statement"' not in text and 'data-form="decision"' not in text


@pytest.mark.parametrize("stage", ["investigating", "proposed", "decided", "satisfaction_check"])
def test_every_id_on_the_page_is_unique_so_each_label_names_its_own_field(
    stage, login, staff, submit
):
    if stage == "satisfaction_check":
        complaint = in_satisfaction_check(submit, staff)
    elif stage == "decided":
        complaint = decided(submit, staff)
    else:
        complaint = investigating(submit, staff, amount_in_dispute=Decimal("5000"), currency="EUR")
        if stage == "proposed":
            decide(complaint, staff["handler"])  # the review form for the quality lead
    text = html(login(staff["quality"]).get(page(complaint)))
    ids = Counter(re.findall(r'\sid="([^"]+)"', text))
    assert {i: n for i, n in ids.items() if n > 1} == {}
    for target in re.findall(r'\sfor="([^"]+)"', text):
        assert ids[target] == 1, target


# --- Statements, evidence, facts --------------------------------------------------------


def test_a_statement_is_recorded_from_the_page(login, staff, submit):
    complaint = investigating(submit, staff)
    client = login(staff["handler"])
    response = client.post(
        page(complaint, "statements/"),
        prefixed(
            "statement",
            {"kind": "employee", "employee": staff["intake"].pk, "text": "I took the call."},
        ),
    )
    redirected_to(response, complaint, "#investigation")
    statement = Statement.objects.get()
    assert (statement.kind, statement.employee) == ("employee", staff["intake"])
    text = html(client.get(page(complaint)))
    assert "Statement recorded." in text and "I took the call." in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "intake", "text": "Typed by the handler, kept."}, "Name the employee"),
        ({"kind": "discussion", "text": "Typed by the handler, kept."}, "Name who took part"),
    ],
)
def test_a_refused_statement_keeps_what_was_typed(data, message, login, staff, submit):
    complaint = investigating(submit, staff)
    response = login(staff["handler"]).post(
        page(complaint, "statements/"), prefixed("statement", data)
    )
    assert response.status_code == 400
    text = html(response)
    assert message in text
    assert "Typed by the handler, kept." in text
    assert re.search(r'<details class="side-move" open><summary>Record a statement', text)
    assert not Statement.objects.exists()


def test_a_statement_from_a_signatory_is_refused_with_403(login, staff, submit):
    complaint = investigating(submit, staff)
    response = login(staff["signatory"]).post(
        page(complaint, "statements/"), prefixed("statement", {"kind": "customer", "text": "Nope."})
    )
    assert response.status_code == 403
    assert "Your role does not allow this action." in html(response)
    assert not Statement.objects.exists()


def test_evidence_is_uploaded_from_the_page(login, staff, submit):
    complaint = investigating(submit, staff)
    client = login(staff["handler"])
    response = client.post(
        page(complaint, "evidence/"),
        prefixed(
            "evidence",
            {
                "documents": [SimpleUploadedFile("log.txt", b"log", content_type="text/plain")],
                "description": "Carrier's log",
            },
        ),
    )
    redirected_to(response, complaint, "#investigation")
    evidence = Evidence.objects.get()
    assert "log.txt" in html(client.get(page(complaint)))
    download = client.get(f"/staff/evidence/{evidence.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"log"
    assert download["Content-Disposition"].startswith("attachment")
    assert login(staff["handler_other"]).get(f"/staff/evidence/{evidence.pk}/").status_code == 404

    response = login(staff["handler"]).post(
        page(complaint, "evidence/"),
        prefixed(
            "evidence",
            {"documents": [SimpleUploadedFile("a.exe", b"MZ")], "description": "Typed, kept"},
        ),
    )
    assert response.status_code == 400
    assert "not an accepted file type" in html(response) and "Typed, kept" in html(response)


def test_a_fact_is_recorded_in_its_own_row_and_a_blank_one_refused(login, staff, submit):
    complaint = investigating(submit, staff)
    first, second = fact_items_for(complaint.category)[:2]
    client = login(staff["handler"])
    response = client.post(
        page(complaint, f"facts/{first.pk}/"), {f"fact{first.pk}-finding": "Lost in transit."}
    )
    redirected_to(response, complaint, "#investigation")
    assert EstablishedFact.objects.get().finding == "Lost in transit."

    response = client.post(page(complaint, f"facts/{second.pk}/"), {f"fact{second.pk}-finding": ""})
    assert response.status_code == 400
    text = html(response)
    assert "Write down what was established." in text
    # The other row still shows what was established.
    assert "Lost in transit." in text
    assert EstablishedFact.objects.count() == 1


# --- The decision -----------------------------------------------------------------------


def decision_data(**extra):
    data = {
        "outcome": "justified",
        "reasons": REASONS,
        "root_cause_category": root_cause().pk,
        "root_cause": "Typed root cause, kept.",
    }
    data.update(extra)
    return data


def test_a_decision_is_recorded_from_the_page(login, staff, submit):
    complaint = investigating(submit, staff)
    establish_facts(complaint, staff["handler"])
    client = login(staff["handler"])
    response = client.post(page(complaint, "decision/"), decision_data())
    redirected_to(response, complaint, "#decision")
    assert fresh(complaint).status == Status.DECIDED
    text = html(client.get(page(complaint)))
    assert 'data-testid="decision"' in text and "Justified" in text and escape(REASONS) in text
    assert "Supplier or carrier" in text  # the root cause's kind


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reasons": ""}, "Give the reasons for the decision"),
        ({"root_cause_category": ""}, "Choose the kind of root cause."),
        ({"outcome": ""}, "Choose the outcome."),
        (
            {"outcome": "outside", "third_party_name": "", "third_party_contact": ""},
            "Name the party the customer should turn to.",
        ),
    ],
)
def test_a_refused_decision_keeps_what_was_typed(data, message, login, staff, submit):
    complaint = investigating(submit, staff)
    establish_facts(complaint, staff["handler"])
    response = login(staff["handler"]).post(page(complaint, "decision/"), decision_data(**data))
    assert response.status_code == 400
    text = html(response)
    assert message in text
    assert "Typed root cause, kept." in text
    assert not Decision.objects.exists()
    assert fresh(complaint).status == Status.INVESTIGATING


def test_a_decision_with_facts_missing_says_which(login, staff, submit):
    complaint = investigating(submit, staff)
    response = login(staff["handler"]).post(page(complaint, "decision/"), decision_data())
    assert response.status_code == 400
    text = html(response)
    assert "Establish these facts first: What happened, When it happened" in text
    assert "Typed root cause, kept." in text


def test_a_proposed_decision_is_confirmed_or_returned_on_the_page(login, staff, submit):
    complaint = investigating(submit, staff, amount_in_dispute=Decimal("1800"), currency="EUR")
    establish_facts(complaint, staff["handler"])
    handler = login(staff["handler"])
    redirected_to(
        handler.post(page(complaint, "decision/"), decision_data()), complaint, "#decision"
    )
    assert fresh(complaint).status == Status.INVESTIGATING
    text = html(handler.get(page(complaint)))
    assert "Awaiting confirmation" in text
    assert 'data-form="decision"' not in text and 'data-form="review"' not in text
    # The handler may not confirm their own proposal, even with a hand-made POST.
    response = handler.post(page(complaint, "decision/confirm/"), {"review-note": ""})
    assert response.status_code == 403
    assert "Only a quality lead can confirm a decision." in html(response)

    lead = login(staff["quality"])
    assert 'data-form="review"' in html(lead.get(page(complaint)))
    response = lead.post(page(complaint, "decision/return/"), {"review-note": ""})
    assert response.status_code == 400
    assert "Say what should be reconsidered." in html(response)
    response = lead.post(
        page(complaint, "decision/return/"), {"review-note": "Only partly our fault."}
    )
    redirected_to(response, complaint, "#decision")
    assert live_decision(complaint).state == DecisionState.RETURNED

    # Back with the handler: the form comes pre-filled, with the lead's note shown.
    handler = login(staff["handler"])
    text = html(handler.get(page(complaint)))
    assert "Only partly our fault." in text and 'data-form="decision"' in text
    assert "Typed root cause, kept." in text
    handler.post(page(complaint, "decision/"), decision_data(outcome="partly_justified"))
    lead = login(staff["quality"])
    redirected_to(
        lead.post(page(complaint, "decision/confirm/"), {"review-note": "Agreed."}),
        complaint,
        "#decision",
    )
    assert fresh(complaint).status == Status.DECIDED
    assert lead.post(page(complaint, "decision/maybe/"), {}).status_code == 404


# --- Disciplinary measures: restricted --------------------------------------------------


@pytest.fixture
def culprit(db):
    return make_user("culprit", None, last_name="Zanzibar")


def without_selects(text: str) -> str:
    """The page less its staff pickers, which list every member of staff by name."""
    return re.sub(r"<select.*?</select>", "", text, flags=re.S)


def test_the_disciplinary_section_is_absent_for_handlers(login, staff, submit, culprit):
    complaint = decided(submit, staff)
    inv.disciplinary_record(
        complaint=complaint, actor=staff["quality"], employee=culprit, measure="Final warning"
    )
    for who in ("handler", "handler_mate"):
        text = html(login(staff[who]).get(page(complaint)))
        assert 'data-testid="disciplinary"' not in text
        assert "Final warning" not in text
        assert "Zanzibar" not in without_selects(text)
        assert "Restricted record added" in text  # the journal says only that one exists
    # Analysts have no complaint pages at all.
    assert login(staff["analyst"]).get(page(complaint)).status_code == 403
    for who in ("quality", "signatory"):
        text = html(login(staff[who]).get(page(complaint)))
        assert 'data-testid="disciplinary"' in text
        assert "Final warning" in text and "Culprit Zanzibar" in without_selects(text)
    # Only the quality lead gets the form to record one.
    assert "Record a disciplinary measure" in html(login(staff["quality"]).get(page(complaint)))
    assert "Record a disciplinary measure" not in html(
        login(staff["signatory"]).get(page(complaint))
    )


def test_a_quality_lead_records_a_disciplinary_measure_on_the_page(login, staff, submit, culprit):
    complaint = decided(submit, staff)
    lead = login(staff["quality"])
    response = lead.post(
        page(complaint, "disciplinary/"),
        prefixed("disciplinary", {"employee": "", "measure": "Typed measure, kept."}),
    )
    assert response.status_code == 400
    assert "Name the employee at fault." in html(response)
    assert "Typed measure, kept." in html(response)
    response = lead.post(
        page(complaint, "disciplinary/"),
        prefixed("disciplinary", {"employee": culprit.pk, "measure": "Retraining."}),
    )
    redirected_to(response, complaint, "#decision")
    assert DisciplinaryMeasure.objects.get().employee == culprit


@pytest.mark.parametrize("who", ["handler", "signatory"])
def test_a_hand_made_disciplinary_post_is_refused(who, login, staff, submit, culprit):
    complaint = decided(submit, staff)
    response = login(staff[who]).post(
        page(complaint, "disciplinary/"),
        prefixed("disciplinary", {"employee": culprit.pk, "measure": "Warning."}),
    )
    assert response.status_code == 403
    assert "Only a quality lead can record a disciplinary measure." in html(response)
    assert not DisciplinaryMeasure.objects.exists()


# --- Remedies ---------------------------------------------------------------------------


def test_remedies_are_agreed_and_moved_on_from_the_page(login, staff, submit):
    complaint = decided(submit, staff)
    client = login(staff["handler"])
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = client.post(
        page(complaint, "remedies/"),
        prefixed(
            "remedy",
            {
                "kind": "refund",
                "amount": "120.50",
                "currency": "eur",
                "owner": staff["handler"].pk,
                "due_on": due,
                "description": "Full price",
            },
        ),
    )
    redirected_to(response, complaint, "#remedies")
    remedy = Remedy.objects.get()
    assert (remedy.amount, remedy.currency) == (Decimal("120.50"), "EUR")
    text = html(client.get(page(complaint)))
    assert 'data-testid="remedies"' in text and "120.50 EUR" in text

    status = page(complaint, f"remedies/{remedy.pk}/status/")
    redirected_to(client.post(status, {"status": "in_progress"}), complaint, "#remedies")
    response = client.post(status, {"status": "cancelled", "note": ""})
    assert response.status_code == 400
    assert "Say why the remedy is cancelled." in html(response)
    redirected_to(client.post(status, {"status": "done", "note": "Paid."}), complaint, "#remedies")
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.DONE
    response = client.post(status, {"status": "cancelled", "note": "Too late."})
    assert response.status_code == 409
    assert "cannot become" in html(response)
    assert login(staff["handler_other"]).post(status, {"status": "done"}).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "refund", "amount": "", "currency": ""}, "Give the amount."),
        ({"kind": "repair", "due_on": "2001-01-01"}, "The date cannot be in the past."),
        ({"kind": "repair", "owner": ""}, "Name the person who will carry it out."),
    ],
)
def test_a_refused_remedy_keeps_what_was_typed(data, message, login, staff, submit):
    complaint = decided(submit, staff)
    form = {
        "owner": staff["handler"].pk,
        "due_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
        "description": "Typed description, kept.",
        **data,
    }
    response = login(staff["handler"]).post(page(complaint, "remedies/"), prefixed("remedy", form))
    assert response.status_code == 400
    text = html(response)
    assert message in text and "Typed description, kept." in text
    assert re.search(r'<details class="side-move" open><summary>Agree a remedy', text)
    assert not Remedy.objects.exists()


def test_the_steps_say_why_they_wait_for_open_remedies(login, staff, submit):
    complaint = decided(submit, staff)
    add_remedy(complaint, staff["handler"])
    complaint = move(complaint, Status.RESPONDING, staff["handler"])
    text = html(login(staff["handler"]).get(page(complaint)))
    assert 'data-testid="refused-satisfaction_check"' in text
    assert "1 agreed remedies are still open" in text


# --- The satisfaction check on the staff page -------------------------------------------


def test_the_staff_page_shows_the_private_link_and_records_a_phone_answer(login, staff, submit):
    complaint = in_satisfaction_check(submit, staff)
    check = pending_check(complaint)
    client = login(staff["handler"])
    text = html(client.get(page(complaint)))
    assert 'data-testid="survey-link"' in text and f"/survey/{check.token}/" in text
    assert 'data-testid="refused-closed"' in text  # Close waits for the answer

    url = page(complaint, f"satisfaction/{check.pk}/")
    response = client.post(url, {"solved": "yes", "score": "", "comment": "Typed, kept."})
    assert response.status_code == 400
    assert "Choose a score from 1 to 5." in html(response) and "Typed, kept." in html(response)
    redirected_to(
        client.post(url, {"solved": "yes", "score": "5", "comment": "Fine now."}),
        complaint,
        "#survey",
    )
    check.refresh_from_db()
    assert (check.state, check.channel, check.recorded_by) == (
        CheckState.ANSWERED,
        CheckChannel.PHONE,
        staff["handler"],
    )
    assert fresh(complaint).status == Status.CLOSED
    response = client.post(url, {"solved": "no", "score": "1"})
    assert response.status_code == 410


def test_a_phone_answer_not_solved_reopens(login, staff, submit):
    complaint = in_satisfaction_check(submit, staff)
    check = pending_check(complaint)
    client = login(staff["handler"])
    client.post(
        page(complaint, f"satisfaction/{check.pk}/"),
        {"solved": "no", "score": "3", "comment": "Still broken."},
    )
    assert fresh(complaint).status == Status.REOPENED
    text = html(client.get(page(complaint)))
    assert "Escalated to" in text and "Still broken." in text


# --- The customer's private survey page -------------------------------------------------


def test_the_survey_link_works_once(client, staff, submit):
    complaint = in_satisfaction_check(submit, staff)
    check = pending_check(complaint)
    url = f"/survey/{check.token}/"
    response = client.get(url)
    assert response.status_code == 200
    assert complaint.reference in html(response) and "Is your problem solved?" in html(response)

    response = client.post(url, {"solved": "no", "comment": "Typed by the customer, kept."})
    assert response.status_code == 400
    # In the summary at the top, linked to the field, and under the field itself.
    summary = re.search(r'<div class="error-summary".*?</div>', html(response), re.S).group()
    assert 'href="#field-score"' in summary and "Choose a score from 1 to 5." in summary
    assert 'id="field-score"' in html(response)
    assert "Typed by the customer, kept." in html(response)

    response = client.post(url, {"solved": "yes", "score": "4", "comment": "Thanks."})
    assert response.status_code == 200
    assert fresh(complaint).status == Status.CLOSED

    for again in (client.get(url), client.post(url, {"solved": "no", "score": "1"})):
        assert again.status_code == 410
        assert "This link has been used" in html(again)
    check.refresh_from_db()
    assert (check.solved, check.score, check.channel) == (True, 4, CheckChannel.LINK)


def test_a_wrong_token_is_404(client, staff, submit):
    complaint = in_satisfaction_check(submit, staff)
    token = pending_check(complaint).token
    # The last character changed (to "x", or to "y" when it already is "x").
    wrong = token[:-1] + ("y" if token.endswith("x") else "x")
    assert client.get(f"/survey/{wrong}/").status_code == 404
    assert client.post("/survey/not-a-token/", {"solved": "yes", "score": "5"}).status_code == 404
    assert fresh(complaint).status == Status.SATISFACTION_CHECK


def test_a_token_answers_only_its_own_complaint(client, staff, submit):
    mine = in_satisfaction_check(submit, staff)
    other = in_satisfaction_check(
        submit, staff, customer=customer_input(full_name="Ann Other", email="ann@example.org")
    )
    mine_token = pending_check(mine).token
    response = client.post(
        f"/survey/{mine_token}/", {"solved": "no", "score": "1", "comment": "No."}
    )
    assert response.status_code == 200
    assert fresh(mine).status == Status.REOPENED
    assert fresh(other).status == Status.SATISFACTION_CHECK
    assert pending_check(other).answered_at is None
    # Used once, the token is spent; the other complaint's check is still waiting.
    again = client.post(f"/survey/{mine_token}/", {"solved": "yes", "score": "5"})
    assert again.status_code == 410
    assert fresh(other).status == Status.SATISFACTION_CHECK


def test_a_cancelled_check_link_is_gone_410(client, staff, submit):
    complaint = in_satisfaction_check(submit, staff)
    token = pending_check(complaint).token
    move(complaint, Status.REOPENED, staff["quality"], "Called back.")
    assert client.get(f"/survey/{token}/").status_code == 410


# --- Query count ------------------------------------------------------------------------


def full_round(complaint, staff, *, comment: str):
    """One more round: investigate, decide, a remedy done, ask, and be told "not solved"."""
    handler = staff["handler"]
    complaint = move(complaint, Status.INVESTIGATING, handler)
    inv.statement_record(complaint=complaint, actor=handler, kind="customer", text=comment)
    inv.statement_record(
        complaint=complaint, actor=handler, kind="employee", text="Me.", employee=staff["intake"]
    )
    inv.statement_record(
        complaint=complaint,
        actor=handler,
        kind="discussion",
        text="Together.",
        participants=[handler, staff["quality"]],
    )
    inv.evidence_add(
        complaint=complaint,
        actor=handler,
        files=[SimpleUploadedFile("e.txt", b"e", content_type="text/plain")],
    )
    decide(complaint, handler)
    add_remedy(complaint, handler)
    add_remedy(complaint, handler, kind=RemedyKind.REPLACEMENT)
    complaint = move(complaint, Status.RESPONDING, handler)
    finish_remedies(complaint, handler)
    complaint = move(complaint, Status.SATISFACTION_CHECK, handler)
    surveys.survey_answer(check=pending_check(complaint), solved=False, score=1, comment=comment)
    inv.disciplinary_record(
        complaint=complaint, actor=staff["quality"], employee=staff["intake"], measure="Warning"
    )
    return fresh(complaint)


# Queries for the staff complaint page of a reopened complaint with statements, evidence,
# decisions, remedies, checks and disciplinary records (session and user, permissions, the
# complaint, the newest window of its journal, then one or two per section; the sections
# share the staff list, the root causes, the fact checklist and the live decision). The same
# however many there are.
# Includes the deadlines card and the messages (outbox) section, and the corrective action
# plans section (the complaint's plans, the plans it could join, the root-cause categories).
PAGE_QUERIES = {"quality": 30, "handler": 28}


def _window_extra(complaint) -> int:
    """A journal longer than one window adds one query: the status changes before it."""
    return 1 if complaint.events.count() > complaint_selectors.TIMELINE_PAGE else 0


@pytest.mark.parametrize("who", ["quality", "handler"])
def test_the_complaint_page_query_count_does_not_grow(
    who, login, staff, submit, django_assert_num_queries
):
    complaint = investigating(submit, staff)
    complaint = move(complaint, Status.WITHDRAWN, staff["handler"], "Set-up: start over.")
    complaint = move(complaint, Status.REOPENED, staff["quality"], "Set-up.")
    complaint = full_round(complaint, staff, comment="Round one.")
    client = login(staff[who])
    with django_assert_num_queries(PAGE_QUERIES[who] + _window_extra(complaint)):
        assert client.get(page(complaint)).status_code == 200
    for n in range(2, 5):
        complaint = full_round(complaint, staff, comment=f"Round {n}.")
    assert _window_extra(complaint) == 1
    with django_assert_num_queries(PAGE_QUERIES[who] + 1):
        response = client.get(page(complaint))
    assert response.status_code == 200
    assert html(response).count("Round 4.") >= 1
    assert complaint.satisfaction_checks.count() == 4


@pytest.mark.parametrize(
    ("solved", "score", "says"),
    [
        ("yes", "5", "We are glad the problem is solved"),
        ("yes", "3", "We are glad the problem is solved"),
        ("yes", "2", "Your complaint has been reopened"),
        ("no", "5", "Your complaint has been reopened"),
    ],
)
def test_the_thank_you_page_matches_the_answer(solved, score, says, client, staff, submit):
    complaint = in_satisfaction_check(submit, staff)
    response = client.post(
        f"/survey/{pending_check(complaint).token}/", {"solved": solved, "score": score}
    )
    assert response.status_code == 200
    assert says in html(response)


def test_many_statements_show_the_latest_with_a_link_to_all(login, staff, submit):
    complaint = investigating(submit, staff)
    shown = views.STATEMENTS_SHOWN
    for i in range(shown + 3):
        inv.statement_record(
            complaint=complaint, actor=staff["handler"], kind="customer", text=f"Account {i:03d}."
        )
    client = login(staff["handler"])
    statements = re.compile(r'data-testid="statements">(.*?)</ol>', re.S)
    first = statements.search(html(client.get(page(complaint)))).group(1)
    texts = re.findall(r"Account (\d{3})\.", first)
    assert texts == [f"{i:03d}" for i in range(3, shown + 3)]  # the latest, oldest first
    assert f'href="/staff/complaints/{complaint.reference}/?statements=all#statements"' in html(
        client.get(page(complaint))
    )
    every = statements.search(html(client.get(page(complaint, "?statements=all")))).group(1)
    assert re.findall(r"Account (\d{3})\.", every) == [f"{i:03d}" for i in range(shown + 3)]
    assert 'data-testid="all-statements"' not in html(
        client.get(page(complaint, "?statements=all"))
    )
