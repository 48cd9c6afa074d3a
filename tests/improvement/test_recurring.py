"""The recurring-problems job, the page, the cluster → plan step, and the API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from redress.complaints.models import Category, Complaint, EventKind, JournalEvent
from redress.complaints.services import complaint_submit
from redress.improvement import recurring, selectors
from redress.improvement.models import ClusterKind, ClusterRun, Plan, PlanStatus, RecurringCluster
from redress.improvement.tasks import recompute_recurring
from tests.conftest import assert_error, complaint_input, customer_input
from tests.improvement.test_clustering import CROATIAN_BILLING, THAI_DELIVERY

pytestmark = pytest.mark.django_db


@pytest.fixture
def recurring_data(submit, staff):
    """Thai delivery complaints rising (4 this period, 2 before), Croatian billing ones flat."""
    now = timezone.now()
    billing = Category.objects.get(code="billing-payment")
    made = {"delivery": [], "billing": []}
    for i, text in enumerate(THAI_DELIVERY):
        c = submit(subject=text[:40], description=text, language="th", product="Oak table")
        Complaint.objects.filter(pk=c.pk).update(
            received_at=now - timedelta(days=40 if i < 2 else 3 + i)
        )
        made["delivery"].append(c)
    for i, text in enumerate(CROATIAN_BILLING):
        c = complaint_submit(
            customer=customer_input(),
            complaint=complaint_input(billing, subject=text[:40], description=text, language="hr"),
            channel="web",
        )
        Complaint.objects.filter(pk=c.pk).update(
            received_at=now - timedelta(days=45 if i < 3 else 5 + i)
        )
        made["billing"].append(c)
    # Older than the window: never read.
    old = submit(subject="Old", description=THAI_DELIVERY[0])
    Complaint.objects.filter(pk=old.pk).update(received_at=now - timedelta(days=200))
    return made


def clusters_of(kind):
    return [c for c in selectors.recurring_clusters(limit=None) if c.kind == kind]


def test_the_job_stores_category_product_and_text_clusters_with_trends(recurring_data):
    result = recompute_recurring.delay().get()
    run = ClusterRun.objects.get(pk=result["run"])
    assert run.input_count == 12 and not run.truncated
    delivery_ids = sorted(c.pk for c in recurring_data["delivery"])
    billing_ids = sorted(c.pk for c in recurring_data["billing"])
    by_category = {c.label: c for c in clusters_of(ClusterKind.CATEGORY)}
    assert by_category["Delivery"].member_ids == delivery_ids
    assert (by_category["Delivery"].count_current, by_category["Delivery"].count_previous) == (4, 2)
    assert by_category["Delivery"].rising and by_category["Delivery"].trend == 2
    assert (
        by_category["Billing and payment"].count_current,
        by_category["Billing and payment"].count_previous,
    ) == (3, 3)
    assert not by_category["Billing and payment"].rising
    (product,) = clusters_of(ClusterKind.PRODUCT)
    assert product.member_ids == delivery_ids and product.label == "oak table"
    # The Thai delivery complaints are one text cluster, and no cluster mixes them with
    # the Croatian billing ones.
    text = [set(c.member_ids) for c in clusters_of(ClusterKind.TEXT)]
    assert set(delivery_ids) in text
    assert all(ids <= set(delivery_ids) or ids <= set(billing_ids) for ids in text)


def test_recomputing_replaces_the_page_and_keeps_only_a_few_runs(recurring_data):
    for _ in range(recurring.KEEP_RUNS + 2):
        recurring.recurring_compute()
    assert ClusterRun.objects.count() == recurring.KEEP_RUNS
    latest = selectors.latest_run()
    assert {c.cluster.run_id for c in selectors.recurring_clusters(limit=None)} == {latest.pk}


def test_the_input_is_bounded(recurring_data, monkeypatch):
    monkeypatch.setattr(recurring, "MAX_INPUT", 5)
    run = recurring.recurring_compute()
    assert run.input_count == 5 and run.truncated
    newest = set(Complaint.objects.order_by("-received_at").values_list("pk", flat=True)[:5])
    members = set(
        RecurringCluster.objects.filter(run=run).values_list("links__complaint_id", flat=True)
    )
    assert members <= newest


def test_a_quality_lead_makes_a_plan_from_a_cluster_in_one_step(client, staff, recurring_data):
    recurring.recurring_compute()
    (cluster,) = [
        c
        for c in clusters_of(ClusterKind.TEXT)
        if c.member_ids[0] in {x.pk for x in recurring_data["delivery"]}
    ]
    assert not cluster.covered
    client.force_login(staff["quality"])
    page = client.get("/staff/recurring/")
    assert page.status_code == 200
    assert f'data-cluster="{cluster.id}"'.encode() in page.content
    response = client.post(
        f"/staff/recurring/{cluster.id}/plan/",
        {f"c{cluster.id}-root_cause": "The carrier loses parcels at its depot."},
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/plans/{plan.pk}/"
    assert sorted(plan.complaints.values_list("pk", flat=True)) == cluster.member_ids
    assert plan.owner == staff["quality"] and plan.title == cluster.summary
    assert plan.source_cluster_key == cluster.cluster.key
    assert JournalEvent.objects.filter(kind=EventKind.PLAN, data__plan_id=plan.pk).count() == 6
    (again,) = [c for c in clusters_of(ClusterKind.TEXT) if c.id == cluster.id]
    assert again.covered and again.plans == [plan]
    assert b'data-testid="covering-plan"' in client.get("/staff/recurring/").content


def test_a_plan_from_a_cluster_without_a_root_cause_is_refused_and_keeps_the_input(
    client, staff, recurring_data
):
    recurring.recurring_compute()
    cluster = clusters_of(ClusterKind.TEXT)[0]
    client.force_login(staff["quality"])
    response = client.post(
        f"/staff/recurring/{cluster.id}/plan/",
        {f"c{cluster.id}-title": "Parcels lost by Swiftline", f"c{cluster.id}-root_cause": " "},
    )
    assert response.status_code == 400
    assert "Say what causes these complaints." in response.content.decode()
    assert 'value="Parcels lost by Swiftline"' in response.content.decode()
    assert not Plan.objects.exists()


@pytest.mark.parametrize("who", ["handler", "intake", "analyst", "signatory"])
def test_only_quality_leads_see_and_recompute_recurring_problems(client, staff, who):
    client.force_login(staff[who])
    assert client.get("/staff/recurring/").status_code == 403
    assert client.post("/staff/recurring/recompute/").status_code == 403
    assert not ClusterRun.objects.exists()


def test_the_recompute_button_runs_the_job(client, staff, recurring_data):
    client.force_login(staff["quality"])
    response = client.post("/staff/recurring/recompute/")
    assert response.status_code == 302
    assert ClusterRun.objects.exclude(finished_at=None).count() == 1


def test_the_recurring_page_query_count_does_not_grow_with_clusters(
    client, staff, recurring_data, django_assert_num_queries
):
    recurring.recurring_compute()
    assert RecurringCluster.objects.count() >= 5
    client.force_login(staff["quality"])
    client.get("/staff/recurring/")
    # session, user, 2 × permissions, latest run, clusters, members, plan links, causes
    with django_assert_num_queries(9):
        response = client.get("/staff/recurring/")
    assert response.status_code == 200


def test_the_api_lists_clusters_and_makes_a_plan(api, staff, recurring_data):
    client = api(staff["quality"])
    assert client.post("/api/recurring/").status_code == 202
    body = client.get("/api/recurring/").json()
    assert body["complaints"] == 12 and body["period_days"] == 30
    text = [c for c in body["clusters"] if c["kind"] == "text"]
    assert len(text) >= 2 and all(not c["covered"] for c in text)
    target = text[0]
    assert_error(
        client.post(f"/api/recurring/{target['id']}/plan/", {"root_cause": ""}, format="json"),
        400,
        "validation_failed",
        fields=["root_cause"],
    )
    made = client.post(
        f"/api/recurring/{target['id']}/plan/", {"root_cause": "One cause."}, format="json"
    )
    assert made.status_code == 201, made.content
    refs = set(
        Complaint.objects.filter(pk__in=target["complaints"]).values_list("reference", flat=True)
    )
    assert set(made.json()["complaints"]) == refs
    assert made.json()["status"] == PlanStatus.OPEN
    again = client.get("/api/recurring/").json()
    (covered,) = [c for c in again["clusters"] if c["id"] == target["id"]]
    assert covered["covered"] and covered["plans"] == [made.json()["id"]]
    assert_error(api(staff["handler"]).get("/api/recurring/"), 403, "permission_denied")
