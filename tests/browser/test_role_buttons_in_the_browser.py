"""The complaint page offers only the steps the user's role may take now."""

import pytest
from playwright.sync_api import Page, expect

from redress.complaints import services
from redress.complaints.lifecycle import Status
from redress.complaints.models import Complaint, JournalEvent

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def offered(page: Page) -> set[str]:
    """The status moves offered; the deadlines card's forms (pause, contact...) are not moves."""
    moves = page.locator("form.move[action$='/transition/']")
    return set(moves.evaluate_all("fs => fs.map(f => f.dataset.move)"))


def investigating(submit, staff) -> Complaint:
    complaint = submit()  # a web complaint: acknowledged by itself
    services.complaint_register(
        complaint=complaint, actor=staff["quality"], assignee=staff["handler"]
    )
    services.complaint_transition(
        complaint=complaint, to=Status.INVESTIGATING, actor=staff["handler"]
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.INVESTIGATING
    return complaint


def test_the_signatory_sees_an_investigating_complaint_but_no_record_decision_button(
    live_server, staff, staff_page, submit
):
    complaint = investigating(submit, staff)
    url = f"{live_server.url}/staff/complaints/{complaint.reference}/"

    # The handler responsible for it has the button (so its absence below means something):
    # in the decision form, with a link to it under "Next steps".
    handler = staff_page(live_server.url, "handler")
    handler.goto(url)
    expect(handler.get_by_test_id("status")).to_have_text("Investigating")
    decision_form = handler.locator("form[data-form=decision]")
    expect(decision_form.get_by_role("button", name="Record decision")).to_be_visible()
    expect(handler.get_by_role("link", name="Record decision")).to_have_attribute(
        "href", "#decision"
    )
    assert offered(handler) == {Status.WITHDRAWN}

    # The signatory may see every complaint, but may not decide: no button, no steps at all.
    signatory = staff_page(live_server.url, "signatory")
    signatory.goto(url)
    expect(signatory.get_by_test_id("reference")).to_have_text(complaint.reference)
    expect(signatory.get_by_test_id("status")).to_have_text("Investigating")
    expect(signatory.get_by_role("button", name="Record decision")).to_have_count(0)
    expect(signatory.get_by_role("link", name="Record decision")).to_have_count(0)
    expect(signatory.locator("form[data-form=decision]")).to_have_count(0)
    expect(signatory.locator("form.move")).to_have_count(0)
    expect(signatory.locator("#actions-h")).to_have_count(0)  # no empty "Next steps" box

    # A hand-made form posting the step anyway is refused by the server, and nothing changes.
    events_before = JournalEvent.objects.filter(complaint=complaint).count()
    with signatory.expect_navigation():
        signatory.evaluate(
            """([action, token]) => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = action;
                for (const [name, value] of [["csrfmiddlewaretoken", token], ["to", "decided"],
                                             ["note", "Justified."]]) {
                    const input = document.createElement("input");
                    input.type = "hidden"; input.name = name; input.value = value;
                    form.append(input);
                }
                document.body.append(form);
                form.submit();
            }""",
            [
                f"/staff/complaints/{complaint.reference}/transition/",
                signatory.locator("input[name=csrfmiddlewaretoken]").first.input_value(),
            ],
        )
    expect(signatory.get_by_test_id("action-error")).to_have_text(
        "Your role does not allow this action."
    )
    expect(signatory.get_by_test_id("status")).to_have_text("Investigating")
    complaint.refresh_from_db()
    assert complaint.status == Status.INVESTIGATING
    assert JournalEvent.objects.filter(complaint=complaint).count() == events_before


def test_a_handler_may_not_register_and_intake_may_not_investigate(
    live_server, staff, staff_page, submit
):
    # A phone complaint the handler took in (so the handler may open it) and acknowledged.
    complaint = submit(channel="phone", actor=staff["handler"])
    services.complaint_acknowledge(complaint=complaint, actor=staff["handler"])
    url = f"{live_server.url}/staff/complaints/{complaint.reference}/"

    # Registering with a responsible person needs the assign permission: intake has it...
    intake = staff_page(live_server.url, "intake")
    intake.goto(url)
    expect(intake.get_by_test_id("status")).to_have_text("Acknowledged")
    expect(intake.get_by_role("button", name="Register and assign")).to_be_visible()
    assert offered(intake) == {Status.REGISTERED, Status.CLOSED, Status.WITHDRAWN}

    # ... a handler does not: they may resolve it at first contact or withdraw it, no more.
    handler = staff_page(live_server.url, "handler")
    handler.goto(url)
    expect(handler.get_by_test_id("status")).to_have_text("Acknowledged")
    expect(handler.get_by_role("button", name="Register and assign")).to_have_count(0)
    assert offered(handler) == {Status.CLOSED, Status.WITHDRAWN}

    # Intake registers it to the handler. That takes it out of the intake queue, so intake
    # lands back on the journal (not on a "Not Found" page) and the handler takes over.
    intake.locator("form.move[data-move=registered] select[name=assignee]").select_option(
        str(staff["handler"].pk)
    )
    with intake.expect_navigation():
        intake.get_by_role("button", name="Register and assign").click()
    expect(intake).to_have_url(f"{live_server.url}/staff/")
    expect(intake.locator(".messages")).to_contain_text("Status changed to “Registered”.")
    expect(intake.get_by_role("link", name=complaint.reference)).to_have_count(0)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.assignee) == (Status.REGISTERED, staff["handler"])

    # Now the handler may start the investigation; intake has no handling rights and may
    # not even open the complaint any more.
    handler.reload()
    expect(handler.get_by_test_id("status")).to_have_text("Registered")
    expect(handler.get_by_role("button", name="Start investigation")).to_be_visible()
    assert Status.INVESTIGATING in offered(handler)
    response = intake.goto(url)
    assert response is not None and response.status == 404
    expect(intake.get_by_role("button", name="Start investigation")).to_have_count(0)
