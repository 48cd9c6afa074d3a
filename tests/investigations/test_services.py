"""Investigation and decision: every rule of the services, allowed and refused."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from redress.complaints import services
from redress.complaints.lifecycle import Status
from redress.complaints.models import Category, EventKind, JournalEvent
from redress.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from redress.investigations import selectors
from redress.investigations import services as inv
from redress.investigations.models import (
    ConfirmationRule,
    Decision,
    DecisionState,
    DisciplinaryMeasure,
    EstablishedFact,
    Evidence,
    FactItem,
    Outcome,
    Statement,
    StatementKind,
)
from redress.investigations.selectors import fact_items_for, live_decision
from tests.stages import (
    REASONS,
    decide,
    decided,
    establish_facts,
    fresh,
    in_satisfaction_check,
    investigating,
    move,
    root_cause,
)

pytestmark = pytest.mark.django_db

DEFAULT_FACTS = ["What happened", "When it happened", "Who was involved", "What the customer wants"]
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def events(complaint, kind):
    return list(JournalEvent.objects.filter(complaint=complaint, kind=kind).order_by("id"))


# --- Statements -------------------------------------------------------------------------


def test_the_customers_account_is_recorded_with_author_time_and_text(staff, submit):
    complaint = investigating(submit, staff)
    s = inv.statement_record(
        complaint=complaint,
        actor=staff["handler"],
        kind=StatementKind.CUSTOMER,
        text="  The parcel never came.  ",
        employee=staff["intake"],  # ignored: the customer's own account names no employee
    )
    assert (s.kind, s.text, s.employee, s.recorded_by) == (
        "customer",
        "The parcel never came.",
        None,
        staff["handler"],
    )
    assert s.recorded_at is not None
    [event] = events(complaint, EventKind.STATEMENT)
    assert event.actor == staff["handler"]
    assert event.data == {"statement_id": s.pk, "kind": "customer"}


@pytest.mark.parametrize("kind", [StatementKind.INTAKE, StatementKind.EMPLOYEE])
def test_an_employees_account_needs_the_employee_named(kind, staff, submit):
    complaint = investigating(submit, staff)
    with pytest.raises(ValidationFailed) as error:
        inv.statement_record(
            complaint=complaint, actor=staff["handler"], kind=kind, text="I took the call."
        )
    assert list(error.value.fields) == ["employee"]
    assert not Statement.objects.exists()
    assert events(complaint, EventKind.STATEMENT) == []

    s = inv.statement_record(
        complaint=complaint,
        actor=staff["handler"],
        kind=kind,
        text="I took the call.",
        employee=staff["intake"],
    )
    assert s.employee == staff["intake"]
    [event] = events(complaint, EventKind.STATEMENT)
    assert str(staff["intake"]) in event.note


def test_a_team_discussion_needs_its_participants(staff, submit):
    complaint = investigating(submit, staff)
    with pytest.raises(ValidationFailed) as error:
        inv.statement_record(
            complaint=complaint,
            actor=staff["handler"],
            kind=StatementKind.DISCUSSION,
            text="We went through the carrier's log together.",
            participants=[],
        )
    assert list(error.value.fields) == ["participants"]
    s = inv.statement_record(
        complaint=complaint,
        actor=staff["handler"],
        kind=StatementKind.DISCUSSION,
        text="We went through the carrier's log together.",
        participants=[staff["handler"], staff["handler_mate"], staff["quality"]],
    )
    assert set(s.participants.all()) == {staff["handler"], staff["handler_mate"], staff["quality"]}


def test_a_statement_needs_text_and_a_known_kind(staff, submit):
    complaint = investigating(submit, staff)
    with pytest.raises(ValidationFailed) as error:
        inv.statement_record(complaint=complaint, actor=staff["handler"], kind="customer", text=" ")
    assert list(error.value.fields) == ["text"]
    with pytest.raises(ValidationFailed) as error:
        inv.statement_record(complaint=complaint, actor=staff["handler"], kind="rumour", text="x")
    assert list(error.value.fields) == ["kind"]
    assert not Statement.objects.exists()


@pytest.mark.parametrize("who", ["analyst", "signatory", "intake", "handler_other"])
def test_only_a_handler_who_may_see_the_complaint_records_statements(who, staff, submit):
    complaint = investigating(submit, staff)
    with pytest.raises(PermissionDenied):
        inv.statement_record(
            complaint=complaint, actor=staff[who], kind="customer", text="The parcel never came."
        )
    assert not Statement.objects.exists()


def test_the_handlers_team_mate_and_the_quality_lead_may_record_statements(staff, submit):
    complaint = investigating(submit, staff)
    for who in ("handler_mate", "quality"):
        inv.statement_record(complaint=complaint, actor=staff[who], kind="customer", text="Told.")
    assert Statement.objects.count() == 2


def test_statements_are_taken_while_the_facts_are_gathered_not_before_or_after(staff, submit):
    early = submit()  # acknowledged, not registered
    with pytest.raises(TransitionNotAllowed) as error:
        inv.statement_record(complaint=early, actor=staff["quality"], kind="customer", text="x")
    assert error.value.code == "wrong_state"

    complaint = investigating(submit, staff)
    for status, allowed in [
        (Status.REGISTERED, True),
        (Status.INVESTIGATING, True),
        (Status.DECIDED, True),
        (Status.REOPENED, True),
        (Status.RESPONDING, False),
        (Status.REMEDYING, False),
        (Status.SATISFACTION_CHECK, False),
        (Status.CLOSED, False),
        (Status.WITHDRAWN, False),
    ]:
        type(complaint).objects.filter(pk=complaint.pk).update(status=status)
        call = {"complaint": complaint, "actor": staff["handler"], "kind": "customer", "text": "x"}
        if allowed:
            inv.statement_record(**call)
        else:
            with pytest.raises(TransitionNotAllowed):
                inv.statement_record(**call)
    assert Statement.objects.filter(complaint=complaint).count() == 4


# --- Evidence ---------------------------------------------------------------------------


def test_evidence_files_are_stored_with_their_description_and_journalled(staff, submit):
    complaint = investigating(submit, staff)
    stored = inv.evidence_add(
        complaint=complaint,
        actor=staff["handler"],
        files=[
            SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
            SimpleUploadedFile("log.txt", b"delivery log", content_type="text/plain"),
        ],
        description="Carrier's log and a photo of the door",
    )
    assert [e.original_name for e in stored] == ["photo.png", "log.txt"]
    assert stored[0].size == len(PNG)
    assert stored[0].file.read() == PNG
    assert all(e.uploaded_by == staff["handler"] for e in stored)
    assert [e.note for e in events(complaint, EventKind.EVIDENCE)] == ["photo.png", "log.txt"]


@pytest.mark.parametrize(
    "files",
    [
        [],
        [SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")],
        [SimpleUploadedFile("fake.pdf", b"not a pdf at all", content_type="application/pdf")],
        [SimpleUploadedFile(f"n{i}.txt", b"x", content_type="text/plain") for i in range(6)],
        [SimpleUploadedFile("big.txt", b"x" * 2048, content_type="text/plain")],
    ],
    ids=["none", "wrong-type", "wrong-content", "too-many", "too-big"],
)
@override_settings(REDRESS_ATTACHMENT_MAX_BYTES=1024)
def test_evidence_outside_the_limits_is_refused_whole(files, staff, submit):
    complaint = investigating(submit, staff)
    good = SimpleUploadedFile("ok.txt", b"fine", content_type="text/plain")
    with pytest.raises(ValidationFailed) as error:
        inv.evidence_add(
            complaint=complaint, actor=staff["handler"], files=[*files, good] if files else []
        )
    assert list(error.value.fields) == ["files"]
    assert not Evidence.objects.exists()
    assert events(complaint, EventKind.EVIDENCE) == []


def test_evidence_is_refused_to_other_roles_and_after_the_investigation(staff, submit):
    complaint = investigating(submit, staff)
    upload = SimpleUploadedFile("a.txt", b"x", content_type="text/plain")
    with pytest.raises(PermissionDenied):
        inv.evidence_add(complaint=complaint, actor=staff["signatory"], files=[upload])
    type(complaint).objects.filter(pk=complaint.pk).update(status=Status.CLOSED)
    with pytest.raises(TransitionNotAllowed):
        inv.evidence_add(complaint=complaint, actor=staff["handler"], files=[upload])
    assert not Evidence.objects.exists()


# --- The checklist of facts -------------------------------------------------------------


def test_a_category_without_a_list_of_its_own_gets_the_default_checklist(category):
    assert not FactItem.objects.filter(category=category).exists()
    assert [i.text_en for i in fact_items_for(category)] == DEFAULT_FACTS
    assert [i.text_en for i in fact_items_for(None)] == DEFAULT_FACTS


def test_a_category_with_its_own_list_uses_it_and_its_children_inherit_it(category):
    own = [
        FactItem.objects.create(category=category, text_en="Tracking number", position=2),
        FactItem.objects.create(category=category, text_en="Promised delivery date", position=1),
    ]
    FactItem.objects.create(category=category, text_en="Retired question", is_active=False)
    child = Category.objects.create(parent=category, code="late-delivery", name_en="Late")
    grandchild = Category.objects.create(parent=child, code="very-late", name_en="Very late")
    other = Category.objects.get(code="billing-payment")

    assert fact_items_for(category) == [own[1], own[0]]  # by position, active only
    assert fact_items_for(child) == [own[1], own[0]]
    assert fact_items_for(grandchild) == [own[1], own[0]]
    assert [i.text_en for i in fact_items_for(other)] == DEFAULT_FACTS

    # The nearest list wins: a child with a list of its own no longer inherits.
    child_own = FactItem.objects.create(category=child, text_en="How late")
    assert fact_items_for(child) == [child_own]
    assert fact_items_for(grandchild) == [child_own]
    assert fact_items_for(category) == [own[1], own[0]]


def test_a_category_whose_items_are_all_retired_falls_back_to_the_default(category):
    FactItem.objects.create(category=category, text_en="Retired", is_active=False)
    assert [i.text_en for i in fact_items_for(category)] == DEFAULT_FACTS


def test_a_fact_is_established_once_and_can_be_corrected(staff, submit):
    complaint = investigating(submit, staff)
    item = fact_items_for(complaint.category)[0]
    first = inv.fact_establish(
        complaint=complaint, actor=staff["handler"], item=item, finding="Not delivered."
    )
    second = inv.fact_establish(
        complaint=complaint, actor=staff["handler_mate"], item=item, finding=" Lost in transit. "
    )
    assert first.pk == second.pk
    fact = EstablishedFact.objects.get()
    assert (fact.finding, fact.established_by) == ("Lost in transit.", staff["handler_mate"])
    notes = [(e.note, e.data["corrected"]) for e in events(complaint, EventKind.FACT)]
    assert notes == [
        ("What happened: Not delivered.", False),
        ("What happened: Lost in transit.", True),
    ]


def test_a_fact_needs_a_finding_and_must_be_on_the_complaints_checklist(staff, submit, category):
    complaint = investigating(submit, staff)
    default_item = fact_items_for(category)[0]
    with pytest.raises(ValidationFailed) as error:
        inv.fact_establish(
            complaint=complaint, actor=staff["handler"], item=default_item, finding=""
        )
    assert list(error.value.fields) == ["finding"]

    FactItem.objects.create(category=category, text_en="Tracking number")
    with pytest.raises(ValidationFailed) as error:
        inv.fact_establish(
            complaint=complaint, actor=staff["handler"], item=default_item, finding="Found."
        )
    assert list(error.value.fields) == ["item"]
    assert not EstablishedFact.objects.exists()


def test_missing_facts_follow_the_checklist(staff, submit, category):
    complaint = investigating(submit, staff)
    assert [i.text_en for i in inv.missing_facts(complaint)] == DEFAULT_FACTS
    establish_facts(complaint, staff["handler"])
    assert inv.missing_facts(complaint) == []
    # The category gets a list of its own: the complaint now owes those facts.
    FactItem.objects.create(category=category, text_en="Tracking number")
    assert [i.text_en for i in inv.missing_facts(complaint)] == ["Tracking number"]


# --- The decision -----------------------------------------------------------------------


def test_a_justified_decision_with_reasons_and_root_cause_decides_the_complaint(staff, submit):
    complaint = investigating(submit, staff)
    decision = decide(complaint, staff["handler"], Outcome.JUSTIFIED)
    complaint = fresh(complaint)
    assert complaint.status == Status.DECIDED
    assert decision.state == DecisionState.CONFIRMED
    assert decision.confirmed_by == staff["handler"] and decision.confirmed_at is not None
    assert decision.root_cause_category == root_cause()
    assert decision.root_cause == "The carrier lost it."
    assert live_decision(complaint) == decision
    last = events(complaint, EventKind.STATUS)[-1]
    assert (last.from_status, last.to_status, last.actor) == (
        "investigating",
        "decided",
        staff["handler"],
    )
    assert last.note == f"Justified: {REASONS}"


@pytest.mark.parametrize("reasons", ["", "   ", "Because."])
def test_no_decision_without_reasons(reasons, staff, submit):
    complaint = investigating(submit, staff)
    establish_facts(complaint, staff["handler"])
    with pytest.raises(ValidationFailed) as error:
        inv.decision_propose(
            complaint=complaint,
            actor=staff["handler"],
            outcome=Outcome.NOT_JUSTIFIED,
            reasons=reasons,
        )
    assert list(error.value.fields) == ["reasons"]
    assert not Decision.objects.exists()
    assert fresh(complaint).status == Status.INVESTIGATING


def test_no_decision_while_facts_of_the_checklist_are_missing(staff, submit):
    complaint = investigating(submit, staff)
    items = fact_items_for(complaint.category)
    for item in items[:2]:
        inv.fact_establish(complaint=complaint, actor=staff["handler"], item=item, finding="Yes.")
    with pytest.raises(ValidationFailed) as error:
        inv.decision_propose(
            complaint=complaint,
            actor=staff["handler"],
            outcome=Outcome.NOT_JUSTIFIED,
            reasons=REASONS,
        )
    assert list(error.value.fields) == ["facts"]
    [message] = error.value.fields["facts"]
    assert "Who was involved" in message and "What the customer wants" in message
    assert "What happened" not in message
    assert not Decision.objects.exists()
    assert fresh(complaint).status == Status.INVESTIGATING


def test_every_problem_of_a_decision_is_reported_at_once(staff, submit):
    complaint = investigating(submit, staff)
    with pytest.raises(ValidationFailed) as error:
        inv.decision_propose(
            complaint=complaint, actor=staff["handler"], outcome=Outcome.JUSTIFIED, reasons=""
        )
    assert set(error.value.fields) == {"reasons", "facts", "root_cause_category", "root_cause"}
    with pytest.raises(ValidationFailed) as error:
        inv.decision_propose(
            complaint=complaint, actor=staff["handler"], outcome="maybe", reasons=REASONS
        )
    assert set(error.value.fields) == {"outcome", "facts"}


@pytest.mark.parametrize(
    ("name", "contact", "missing"),
    [
        ("", "", {"third_party_name", "third_party_contact"}),
        ("Northwind Appliances", " ", {"third_party_contact"}),
        ("", "service@northwind.example", {"third_party_name"}),
    ],
)
def test_outside_our_responsibility_needs_the_third_party_and_how_to_reach_them(
    name, contact, missing, staff, submit
):
    complaint = investigating(submit, staff)
    establish_facts(complaint, staff["handler"])
    with pytest.raises(ValidationFailed) as error:
        inv.decision_propose(
            complaint=complaint,
            actor=staff["handler"],
            outcome=Outcome.OUTSIDE,
            reasons="The fault is a manufacturing defect under the maker's warranty.",
            third_party_name=name,
            third_party_contact=contact,
        )
    assert set(error.value.fields) == missing
    assert not Decision.objects.exists()


def test_outside_our_responsibility_records_the_third_party(staff, submit):
    complaint = investigating(submit, staff)
    decision = decide(complaint, staff["handler"], Outcome.OUTSIDE)
    assert decision.third_party_name == "Northwind Appliances"
    assert decision.third_party_contact == "service@northwind.example"
    assert fresh(complaint).status == Status.DECIDED


def test_a_third_party_is_kept_only_when_the_case_is_outside_our_responsibility(staff, submit):
    complaint = investigating(submit, staff)
    decision = decide(
        complaint,
        staff["handler"],
        Outcome.NOT_JUSTIFIED,
        third_party_name="Somebody",
        third_party_contact="somewhere",
    )
    assert (decision.third_party_name, decision.third_party_contact) == ("", "")


@pytest.mark.parametrize("outcome", [Outcome.JUSTIFIED, Outcome.PARTLY_JUSTIFIED])
def test_an_upheld_complaint_needs_its_root_cause(outcome, staff, submit):
    complaint = investigating(submit, staff)
    establish_facts(complaint, staff["handler"])
    with pytest.raises(ValidationFailed) as error:
        inv.decision_propose(
            complaint=complaint, actor=staff["handler"], outcome=outcome, reasons=REASONS
        )
    assert set(error.value.fields) == {"root_cause_category", "root_cause"}
    with pytest.raises(ValidationFailed) as error:
        inv.decision_propose(
            complaint=complaint,
            actor=staff["handler"],
            outcome=outcome,
            reasons=REASONS,
            root_cause_category=root_cause(),
            root_cause="  ",
        )
    assert set(error.value.fields) == {"root_cause"}
    assert not Decision.objects.exists()


@pytest.mark.parametrize("outcome", [Outcome.NOT_JUSTIFIED, Outcome.OUTSIDE])
def test_a_complaint_not_upheld_needs_no_root_cause(outcome, staff, submit):
    complaint = investigating(submit, staff)
    decision = decide(complaint, staff["handler"], outcome)
    assert decision.root_cause_category is None
    assert fresh(complaint).status == Status.DECIDED


def test_a_decision_is_taken_only_while_investigating(staff, submit):
    complaint = decided(submit, staff)
    with pytest.raises(TransitionNotAllowed) as error:
        decide(complaint, staff["handler"], Outcome.NOT_JUSTIFIED)
    assert error.value.code == "wrong_state"
    assert Decision.objects.count() == 1


@pytest.mark.parametrize("who", ["signatory", "analyst", "intake", "handler_other"])
def test_only_a_handler_who_may_see_the_complaint_decides(who, staff, submit):
    complaint = investigating(submit, staff)
    establish_facts(complaint, staff["handler"])
    with pytest.raises(PermissionDenied):
        inv.decision_propose(
            complaint=complaint, actor=staff[who], outcome=Outcome.NOT_JUSTIFIED, reasons=REASONS
        )
    assert not Decision.objects.exists()


def test_the_status_cannot_jump_to_decided_without_a_confirmed_decision(staff, submit):
    complaint = investigating(submit, staff)
    with pytest.raises(TransitionNotAllowed) as error:
        services.complaint_transition(
            complaint=complaint, to=Status.DECIDED, actor=staff["handler"], note="Decided."
        )
    assert error.value.code == "decision_required"
    # A decision still awaiting confirmation is not enough either.
    establish_facts(complaint, staff["handler"])
    Decision.objects.create(
        complaint=complaint,
        outcome=Outcome.NOT_JUSTIFIED,
        reasons=REASONS,
        state=DecisionState.PROPOSED,
        decided_by=staff["handler"],
    )
    with pytest.raises(TransitionNotAllowed):
        services.complaint_transition(
            complaint=complaint, to=Status.DECIDED, actor=staff["quality"], note="Decided."
        )
    assert fresh(complaint).status == Status.INVESTIGATING


# --- Confirmation by a quality lead -----------------------------------------------------


def large(submit, staff, amount="1500.00"):
    return investigating(submit, staff, amount_in_dispute=Decimal(amount), currency="EUR")


def test_a_large_amount_waits_for_a_quality_leads_confirmation(staff, submit):
    complaint = large(submit, staff)
    decision = decide(complaint, staff["handler"], Outcome.JUSTIFIED)
    assert decision.state == DecisionState.PROPOSED
    assert decision.confirmed_by is None
    assert fresh(complaint).status == Status.INVESTIGATING
    [event] = events(complaint, EventKind.DECISION)
    assert "awaiting a quality lead" in event.note and REASONS in event.note
    assert event.data["state"] == "proposed"

    confirmed = inv.decision_confirm(complaint=complaint, actor=staff["quality"], note="Agreed.")
    assert confirmed.pk == decision.pk
    assert confirmed.state == DecisionState.CONFIRMED
    assert (confirmed.confirmed_by, confirmed.review_note) == (staff["quality"], "Agreed.")
    complaint = fresh(complaint)
    assert complaint.status == Status.DECIDED
    last = events(complaint, EventKind.STATUS)[-1]
    assert (last.to_status, last.actor) == ("decided", staff["quality"])


def test_an_amount_of_exactly_the_limit_needs_no_confirmation(staff, submit):
    complaint = large(submit, staff, "1000.00")
    assert decide(complaint, staff["handler"]).state == DecisionState.CONFIRMED
    assert fresh(complaint).status == Status.DECIDED


def test_a_quality_leads_own_decision_needs_no_second_confirmation(staff, submit):
    complaint = large(submit, staff)
    decision = decide(complaint, staff["quality"])
    assert decision.state == DecisionState.CONFIRMED
    assert fresh(complaint).status == Status.DECIDED


@pytest.mark.parametrize("who", ["handler", "handler_mate", "signatory"])
def test_only_a_quality_lead_confirms_or_returns(who, staff, submit):
    complaint = large(submit, staff)
    decide(complaint, staff["handler"])
    with pytest.raises(PermissionDenied):
        inv.decision_confirm(complaint=complaint, actor=staff[who])
    with pytest.raises(PermissionDenied):
        inv.decision_return(complaint=complaint, actor=staff[who], note="Look again.")
    assert live_decision(complaint).state == DecisionState.PROPOSED
    assert fresh(complaint).status == Status.INVESTIGATING


def test_a_returned_decision_goes_back_to_the_handler_who_proposes_again(staff, submit):
    complaint = large(submit, staff)
    first = decide(complaint, staff["handler"], Outcome.JUSTIFIED)
    with pytest.raises(ValidationFailed) as error:
        inv.decision_return(complaint=complaint, actor=staff["quality"], note=" ")
    assert list(error.value.fields) == ["note"]

    returned = inv.decision_return(
        complaint=complaint, actor=staff["quality"], note="Only part of the order was lost."
    )
    assert returned.state == DecisionState.RETURNED
    assert returned.review_note == "Only part of the order was lost."
    assert fresh(complaint).status == Status.INVESTIGATING
    assert events(complaint, EventKind.DECISION)[-1].note == (
        "Returned for rework: Only part of the order was lost."
    )
    # Nothing to confirm now.
    with pytest.raises(TransitionNotAllowed) as error:
        inv.decision_confirm(complaint=complaint, actor=staff["quality"])
    assert error.value.code == "no_proposed_decision"

    second = decide(complaint, staff["handler"], Outcome.PARTLY_JUSTIFIED)
    assert second.state == DecisionState.PROPOSED
    assert live_decision(complaint) == second
    inv.decision_confirm(complaint=complaint, actor=staff["quality"])
    assert fresh(complaint).status == Status.DECIDED
    states = dict(Decision.objects.values_list("pk", "state"))
    assert states == {first.pk: "returned", second.pk: "confirmed"}


def test_proposing_again_replaces_a_proposal_still_waiting(staff, submit):
    complaint = large(submit, staff)
    first = decide(complaint, staff["handler"], Outcome.JUSTIFIED)
    second = decide(complaint, staff["handler"], Outcome.NOT_JUSTIFIED)
    first.refresh_from_db()
    assert first.state == DecisionState.SUPERSEDED
    assert live_decision(complaint) == second


def test_confirmation_rules_by_outcome_category_and_top_management(staff, submit, category):
    ConfirmationRule.objects.all().delete()
    complaint = investigating(submit, staff, addressed_to_top_management=True)
    assert not inv.needs_confirmation(complaint, Outcome.JUSTIFIED)

    rule = ConfirmationRule.objects.create(outcome=Outcome.NOT_JUSTIFIED)
    assert inv.needs_confirmation(complaint, Outcome.NOT_JUSTIFIED)
    assert not inv.needs_confirmation(complaint, Outcome.JUSTIFIED)

    rule.outcome, rule.category = "", Category.objects.get(code="billing-payment")
    rule.save()
    assert not inv.needs_confirmation(complaint, Outcome.JUSTIFIED)
    rule.category = category
    rule.save()
    assert inv.needs_confirmation(complaint, Outcome.JUSTIFIED)

    rule.category, rule.addressed_to_top_management = None, True
    rule.save()
    assert inv.needs_confirmation(complaint, Outcome.JUSTIFIED)
    complaint.addressed_to_top_management = False
    assert not inv.needs_confirmation(complaint, Outcome.JUSTIFIED)

    rule.is_active, rule.addressed_to_top_management = False, False
    rule.save()
    assert not inv.needs_confirmation(complaint, Outcome.JUSTIFIED)


# --- Disciplinary measures (restricted) -------------------------------------------------


def test_a_quality_lead_records_a_disciplinary_measure_the_journal_names_nobody(staff, submit):
    complaint = decided(submit, staff)
    record = inv.disciplinary_record(
        complaint=complaint,
        actor=staff["quality"],
        employee=staff["intake"],
        measure=" Written warning and retraining. ",
    )
    assert (record.employee, record.measure, record.recorded_by) == (
        staff["intake"],
        "Written warning and retraining.",
        staff["quality"],
    )
    [event] = events(complaint, EventKind.RESTRICTED)
    assert event.note == "" and event.data == {}
    assert "retraining" not in str(list(complaint.events.values()))
    assert str(staff["intake"]) not in " ".join(e.note for e in complaint.events.all())


@pytest.mark.parametrize("who", ["handler", "handler_mate", "signatory", "analyst", "intake"])
def test_only_a_quality_lead_records_disciplinary_measures(who, staff, submit):
    complaint = decided(submit, staff)
    with pytest.raises(PermissionDenied):
        inv.disciplinary_record(
            complaint=complaint, actor=staff[who], employee=staff["intake"], measure="Warning."
        )
    assert not DisciplinaryMeasure.objects.exists()
    assert events(complaint, EventKind.RESTRICTED) == []


def test_a_disciplinary_measure_needs_the_employee_and_the_measure(staff, submit):
    complaint = decided(submit, staff)
    with pytest.raises(ValidationFailed) as error:
        inv.disciplinary_record(
            complaint=complaint, actor=staff["quality"], employee=None, measure=""
        )
    assert set(error.value.fields) == {"employee", "measure"}
    assert not DisciplinaryMeasure.objects.exists()


def test_disciplinary_records_are_read_by_quality_leads_and_signatories_only(staff, submit):
    complaint = decided(submit, staff)
    record = inv.disciplinary_record(
        complaint=complaint, actor=staff["quality"], employee=staff["intake"], measure="Warning."
    )
    for who in ("quality", "signatory"):
        assert selectors.can_see_disciplinary(staff[who])
        assert selectors.disciplinary_of(user=staff[who], complaint=complaint) == [record]
    for who in ("handler", "handler_mate", "analyst", "intake", "admin", "nobody"):
        assert not selectors.can_see_disciplinary(staff[who])
        assert selectors.disciplinary_of(user=staff[who], complaint=complaint) == []


# --- Investigating again ----------------------------------------------------------------


def test_moving_back_to_investigating_supersedes_the_decision(staff, submit):
    complaint = decided(submit, staff)
    first = live_decision(complaint)
    complaint = move(complaint, Status.INVESTIGATING, staff["handler"], "New evidence came in.")
    first.refresh_from_db()
    assert first.state == DecisionState.SUPERSEDED
    assert live_decision(complaint) is None
    # A fresh decision is needed to be decided again; the facts stay established.
    with pytest.raises(TransitionNotAllowed):
        services.complaint_transition(
            complaint=complaint, to=Status.DECIDED, actor=staff["handler"], note="Same."
        )
    second = inv.decision_propose(
        complaint=complaint,
        actor=staff["handler"],
        outcome=Outcome.PARTLY_JUSTIFIED,
        reasons="Only part of the order was lost.",
        root_cause_category=root_cause(),
        root_cause="The carrier lost one of two parcels.",
    )
    assert fresh(complaint).status == Status.DECIDED
    assert live_decision(complaint) == second


def test_a_reopened_complaint_investigated_again_needs_a_new_decision(staff, submit):
    complaint = in_satisfaction_check(submit, staff)
    first = live_decision(complaint)
    complaint = move(complaint, Status.REOPENED, staff["quality"], "The customer called back.")
    assert live_decision(complaint) == first  # reopening alone keeps it on record
    complaint = move(complaint, Status.INVESTIGATING, staff["handler"])
    first.refresh_from_db()
    assert first.state == DecisionState.SUPERSEDED
    assert live_decision(complaint) is None
