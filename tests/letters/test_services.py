"""Letter services and API: draft, versions, approval and signature, sending, the lifecycle."""

from __future__ import annotations

import pytest
from django.core import mail

from redress.complaints.lifecycle import Status
from redress.complaints.models import EventKind
from redress.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from redress.investigations.models import Outcome
from redress.letters import services
from redress.letters.models import LetterState, LetterVersion, Signature
from tests.conftest import assert_error
from tests.stages import PREVENTION, add_remedy, decided, fresh, investigating, move

pytestmark = pytest.mark.django_db


@pytest.fixture
def signer(staff):
    Signature.objects.create(
        user=staff["signatory"], name="Sara Lindgren", title="Head of customer service"
    )
    return staff["signatory"]


def draft(complaint, staff, **extra):
    return services.letter_create(
        complaint=complaint,
        actor=staff["handler"],
        kind=extra.pop("kind", Outcome.JUSTIFIED),
        prevention=extra.pop("prevention", PREVENTION),
        **extra,
    )


def test_a_draft_is_prefilled_from_the_case_and_moves_the_complaint_to_responding(staff, submit):
    complaint = decided(submit, staff)
    add_remedy(complaint, staff["handler"])
    letter = draft(complaint, staff)
    version = services.latest_version(letter)
    assert fresh(complaint).status == Status.RESPONDING
    assert version.number == 1 and version.subject == f"Your complaint {complaint.reference}"
    body = version.body
    assert body.startswith("Dear Margaret Holloway,")
    assert "The carrier's log shows the parcel was never delivered." in body
    assert "What went wrong: The carrier lost it." in body
    assert "We will refund 49.90 EUR to you by " in body
    assert PREVENTION in body and body.endswith("Yours sincerely")
    assert version.errors == 0


def test_every_saved_version_is_kept_and_none_can_be_changed(staff, submit):
    letter = draft(decided(submit, staff), staff)
    first = services.latest_version(letter)
    second = services.letter_save(
        letter=letter, actor=staff["handler"], subject=first.subject, body=first.body + "\n\nPS"
    )
    again = services.letter_save(
        letter=letter, actor=staff["handler"], subject=first.subject, body=first.body + "\n\nPS"
    )
    assert (second.number, again.pk) == (2, second.pk)  # an unchanged text is not a new version
    assert list(letter.versions.values_list("number", flat=True)) == [1, 2]
    with pytest.raises(TypeError):
        first.save()
    with pytest.raises(TypeError):
        LetterVersion.objects.filter(letter=letter).update(body="x")


def test_only_a_signatory_approves_and_never_over_the_checker_s_errors(staff, submit, signer):
    letter = draft(decided(submit, staff), staff, prevention="")
    with pytest.raises(PermissionDenied):
        services.letter_approve(letter=letter, actor=staff["handler"])
    with pytest.raises(ValidationFailed) as error:
        services.letter_approve(letter=letter, actor=signer)
    assert error.value.code == "letter_has_errors"
    assert any(m.startswith("9. ") for m in error.value.fields["body"])
    version = services.latest_version(letter)
    services.letter_save(
        letter=letter,
        actor=staff["handler"],
        subject=version.subject,
        body=version.body.replace(
            "\n\nThank you for taking", f"\n\nTo prevent this, {PREVENTION}\n\nThank you for taking"
        ),
    )
    approval = services.letter_approve(letter=letter, actor=signer)
    letter.refresh_from_db()
    assert letter.state == LetterState.APPROVED and letter.approved_version.number == 2
    assert (approval.signer_name, approval.signer_title) == (
        "Sara Lindgren",
        "Head of customer service",
    )


def test_editing_a_signed_letter_makes_a_draft_that_needs_approval_again(staff, submit, signer):
    letter = draft(decided(submit, staff), staff)
    services.letter_approve(letter=letter, actor=signer)
    signed = services.latest_version(letter)
    services.letter_save(
        letter=letter, actor=staff["handler"], subject=signed.subject, body=signed.body + "\n\nPS"
    )
    letter.refresh_from_db()
    assert letter.state == LetterState.DRAFT and letter.approved_version is None
    assert signed.approval.signer_name == "Sara Lindgren"  # the signed version stays as signed
    with pytest.raises(TransitionNotAllowed) as error:
        services.letter_send(letter=letter, actor=staff["handler"], via="email")
    assert error.value.code == "letter_not_signed"


def test_sending_by_email_attaches_the_pdf_copies_the_staff_and_moves_the_case_on(
    staff, submit, signer, django_capture_on_commit_callbacks
):
    complaint = decided(submit, staff)
    add_remedy(complaint, staff["handler"])
    letter = draft(complaint, staff)
    services.letter_approve(letter=letter, actor=signer)
    signer.email = "sara@redress.example"
    signer.save()
    staff["handler"].email = "handler@redress.example"
    staff["handler"].save()
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_send(letter=letter, actor=staff["handler"], via="email")
    (message,) = [m for m in mail.outbox if m.attachments]
    assert message.to == ["margaret@example.org"]
    assert sorted(message.cc) == ["handler@redress.example", "sara@redress.example"]
    name, content, kind = message.attachments[0]
    assert (name, kind) == (f"{complaint.reference}.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
    assert fresh(complaint).status == Status.REMEDYING
    sent = complaint.events.filter(kind=EventKind.LETTER, data__action="sent").get()
    assert sent.actor == staff["handler"] and sent.data["approved_by"] == "Sara Lindgren"
    assert sent.data["to"] == "margaret@example.org"
    letter.refresh_from_db()
    assert letter.state == LetterState.SENT and letter.pdf.name.endswith(".pdf")


def test_the_response_must_be_sent_before_the_case_moves_past_responding(staff, submit):
    complaint = decided(submit, staff)
    complaint = move(complaint, Status.RESPONDING, staff["handler"])
    from redress.complaints.services import complaint_transition

    with pytest.raises(TransitionNotAllowed) as error:
        complaint_transition(
            complaint=complaint, to=Status.SATISFACTION_CHECK, actor=staff["handler"]
        )
    assert error.value.code == "response_not_sent"


def test_a_holding_reply_goes_out_while_investigating_without_moving_the_case(
    staff, submit, signer
):
    complaint = investigating(submit, staff)
    letter = draft(complaint, staff, kind="holding")
    assert "We expect to send you our final reply by" in services.latest_version(letter).body
    services.letter_approve(letter=letter, actor=signer)
    services.letter_send(letter=letter, actor=signer, via="post", to="1 Test Street")
    assert fresh(complaint).status == Status.INVESTIGATING


def test_the_check_endpoint_returns_findings_with_spec_rule_numbers(api, staff):
    text = (
        "Hej Anna,\n\nTack för ditt brev. Bordet fanns, men det kom bort.\n\nMed vänliga hälsningar"
    )
    response = api(staff["handler"]).post(
        "/api/letters/check/",
        {"text": text, "language": "sv", "outcome": "justified", "today": "2026-03-02"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    contrastive = [f for f in body["findings"] if f["code"] == "contrastive"]
    assert contrastive == [
        {
            "rule": 6,
            "severity": "warning",
            "code": "contrastive",
            "start": text.index("men"),
            "end": text.index("men") + 3,
            "words": "men",
            "message": contrastive[0]["message"],
            "suggestion": "Rephrase; where a contrast is needed, use “dock”.",
        }
    ]
    assert body["errors"] >= 1 and body["warnings"] >= 1


def test_the_api_drafts_approves_and_refuses_to_send_unsigned(api, staff, submit, signer):
    complaint = decided(submit, staff)
    handler = api(staff["handler"])
    response = handler.post(
        f"/api/complaints/{complaint.reference}/letters/",
        {"kind": "justified", "prevention": PREVENTION},
        format="json",
    )
    assert response.status_code == 201, response.content
    letter = response.json()
    assert letter["state"] == "draft" and letter["version"]["number"] == 1
    assert_error(
        handler.post(f"/api/letters/{letter['id']}/send/", {"via": "email"}, format="json"),
        409,
        "letter_not_signed",
    )
    approved = api(signer).post(f"/api/letters/{letter['id']}/approve/", format="json")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    pdf = handler.get(f"/api/letters/{letter['id']}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
