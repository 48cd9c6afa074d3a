"""The reports page: who may see it, what it shows, and that its queries stay fixed."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from redress.complaints.models import Category
from redress.insights import facts

pytestmark = pytest.mark.django_db

URL = reverse("insights:dashboard")
# Session, user, permissions (user's and groups'); six for the figures (status, which
# also gives the totals; channel; category and its names; product; day); the last
# refresh; the filter form's categories and teams; the user's recent exports; five for
# the recurring problems (latest run, clusters, members, their plans) and open plans.
DASHBOARD_QUERIES = 19


def complaint_url(complaint):
    return reverse("complaints:detail", args=[complaint.reference])


def _login(client, user):
    client.force_login(user)


@pytest.mark.parametrize("who", ["analyst", "quality"])
def test_quality_leads_and_analysts_see_the_reports(client, staff, submit_on, who):
    submit_on(1)
    facts.facts_refresh()
    _login(client, staff[who])
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="kpi-complaints">1<' in body
    assert "<svg" in body


@pytest.mark.parametrize("who", ["handler", "intake", "signatory", "nobody"])
def test_others_may_not_see_the_reports(client, staff, who):
    _login(client, staff[who])
    assert client.get(URL).status_code == 403


def test_an_analyst_never_sees_a_single_complaint(client, staff, submit_on):
    complaint = submit_on(1, subject="Secret subject line")
    facts.facts_refresh()
    _login(client, staff["analyst"])
    body = client.get(URL).content.decode()
    assert complaint.reference not in body
    assert "Secret subject line" not in body
    assert client.get(reverse("complaints:journal")).status_code == 403
    assert client.get(complaint_url(complaint)).status_code == 403
    # Nor may an analyst export the journal.
    response = client.post(reverse("insights:export_start"), {"kind": "journal_csv"})
    assert response.status_code == 403


def test_an_analyst_never_reads_a_complaints_subject_through_a_recurring_problem(
    client, staff, submit_on
):
    from redress.improvement.models import ClusterKind
    from redress.improvement.recurring import recurring_compute
    from redress.improvement.selectors import recurring_clusters
    from redress.improvement.services import plan_from_cluster

    for i in range(4):
        submit_on(i, subject=f"Jane Doe account 12345678 parcel lost {i}")
    recurring_compute()
    text = [c for c in recurring_clusters() if c.kind == ClusterKind.TEXT]
    assert text, "four near-identical subjects make a text group"
    # The recurring-problems page (quality leads) labels the group by a subject ...
    assert "Jane Doe account 12345678" in text[0].label
    # ... the reports and a plan made from it in one step do not.
    plan = plan_from_cluster(cluster=text[0].cluster, actor=staff["quality"], root_cause="x")
    assert "Jane Doe" not in plan.title and plan.title
    facts.facts_refresh()
    client.force_login(staff["analyst"])
    body = client.get(URL).content.decode()
    assert 'data-testid="recurring"' in body
    assert "Jane Doe account 12345678" not in body
    assert plan.title in body


@pytest.mark.parametrize(("who", "lands_on"), [("analyst", URL), ("quality", "/staff/")])
def test_after_logging_in_staff_land_on_the_page_their_role_works_from(
    client, staff, who, lands_on
):
    response = client.post(
        reverse("accounts:login"), {"username": who, "password": "pw-" + who}, follow=True
    )
    assert response.redirect_chain[-1][0] == lands_on
    assert response.status_code == 200


def test_the_dashboard_filters_by_category(client, staff, submit_on):
    other = Category.objects.exclude(code="delivery").filter(parent__isnull=True).first()
    submit_on(1)
    submit_on(2, cat=other)
    facts.facts_refresh()
    _login(client, staff["quality"])
    body = client.get(URL, {"category": other.pk}).content.decode()
    assert 'data-testid="kpi-complaints">1<' in body


def test_a_period_that_ends_before_it_starts_is_refused_with_a_message(client, staff):
    _login(client, staff["quality"])
    today = timezone.localdate()
    body = client.get(
        URL, {"date_from": today.isoformat(), "date_to": (today - timedelta(days=3)).isoformat()}
    ).content.decode()
    assert "The end of the period is before its start." in body


def test_on_demand_refresh_brings_the_figures_up_to_date(client, staff, submit_on):
    submit_on(1)
    _login(client, staff["quality"])
    assert 'data-testid="kpi-complaints">0<' in client.get(URL).content.decode()
    response = client.post(reverse("insights:refresh"), follow=True)
    assert 'data-testid="kpi-complaints">1<' in response.content.decode()


def test_the_refresh_button_returns_only_to_a_page_of_this_site(client, staff):
    _login(client, staff["quality"])
    away = client.post(reverse("insights:refresh"), {"next": "https://evil.example/x"})
    assert away["Location"] == URL
    back = client.post(reverse("insights:refresh"), {"next": URL + "?category=1"})
    assert back["Location"] == URL + "?category=1"


def _cluster_and_plan(quality):
    from redress.improvement.recurring import recurring_compute
    from redress.improvement.selectors import recurring_clusters
    from redress.improvement.services import plan_from_cluster

    recurring_compute()
    clusters = recurring_clusters()
    assert clusters, "the same category over the period makes a recurring problem"
    return plan_from_cluster(
        cluster=clusters[0].cluster, actor=quality, root_cause="The carrier loses parcels."
    )


def test_the_dashboard_shows_top_recurring_problems_and_open_plans(client, staff, submit_on):
    for i in range(4):
        submit_on(i)
    plan = _cluster_and_plan(staff["quality"])
    facts.facts_refresh()
    client.force_login(staff["analyst"])
    body = client.get(URL).content.decode()
    assert 'data-testid="recurring"' in body
    assert 'data-testid="open-plans"' in body
    assert plan.title in body


def test_the_dashboards_queries_are_pinned_and_do_not_grow_with_data(
    client, staff, submit_on, django_assert_num_queries
):
    _login(client, staff["quality"])
    for i in range(3):
        submit_on(i)
    _cluster_and_plan(staff["quality"])
    facts.facts_refresh()
    with django_assert_num_queries(DASHBOARD_QUERIES):
        client.get(URL)
    categories = list(Category.objects.filter(parent__isnull=True)[:4])
    for i in range(24):
        submit_on(
            i * 9,
            channel=["web", "email", "api"][i % 3],
            cat=categories[i % 4],
            product=f"Product {i % 5}",
        )
    _cluster_and_plan(staff["quality"])
    facts.facts_refresh(full=True)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(URL)
    assert 'data-testid="kpi-complaints">27<' in response.content.decode()


# The figures come from the cache until the next refresh: six queries fewer.
CACHED_DASHBOARD_QUERIES = DASHBOARD_QUERIES - 6


def test_between_two_refreshes_the_figures_come_from_the_cache(
    client, staff, submit_on, django_assert_num_queries
):
    for i in range(3):
        submit_on(i)
    _cluster_and_plan(staff["quality"])
    facts.facts_refresh()
    _login(client, staff["analyst"])
    with django_assert_num_queries(DASHBOARD_QUERIES):
        client.get(URL)
    submit_on(2)
    with django_assert_num_queries(CACHED_DASHBOARD_QUERIES):
        body = client.get(URL).content.decode()
    assert 'data-testid="kpi-complaints">3<' in body
    # The next refresh is a new cache key: the new complaint shows.
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        facts.facts_refresh()
    assert 'data-testid="kpi-complaints">4<' in client.get(URL).content.decode()


def test_an_analysts_menu_offers_the_reports_and_not_the_journal(client, staff):
    _login(client, staff["analyst"])
    body = client.get(URL).content.decode()
    assert f'href="{URL}"' in body
    assert f'href="{reverse("complaints:journal")}"' not in body
    _login(client, staff["quality"])
    body = client.get(URL).content.decode()
    assert f'href="{reverse("complaints:journal")}"' in body
