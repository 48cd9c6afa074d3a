"""The reports dashboard at a million complaints: time of the figures and of the page.

    DATABASE_URL=postgres://... .venv/bin/python bench/reports_dashboard.py [--complaints N]

Creates a scratch test database (pytest-django's naming: test_<name>), writes the daily
figures standing for N complaints over two years (redress.insights.benchdata), then
times `selectors.dashboard()` for the default year, a category and a team filter, and
the whole page (/staff/reports/) through Django's test client. Under gunicorn the same
URL serves the same page: log in as a member of staff with the view_reports permission
(quality lead or analyst) and GET /staff/reports/ (optionally ?category=&team=).

Measured on 2026-11-22 on this 2-core machine shared with three other jobs (so the cold
numbers are pessimistic), 1,000,000 complaints as 165,928 daily rows over 730 days:

    PostgreSQL 15        cold median (s)  cold max (s)  cached median (s)
    default (365 days)             0.933         1.126             0.0059
    everything                     0.701         0.750             0.0108
    one category                   0.369         0.453             0.0089
    one team                       0.566         0.667             0.0095
    page /staff/reports/           0.988         1.327             0.0685

    SQLite 3.40          cold median (s)  cold max (s)  cached median (s)
    default (365 days)             2.647         2.888             0.0110
    everything                     5.242         8.589             0.0275
    one category                   1.715         1.790             0.0259
    one team                       3.008         3.166             0.0234
    page /staff/reports/           5.420         8.064             0.1803

"Cold" is the first view after a refresh (the figures are cached per refresh, filters and
language); "cached" every later view until the next refresh.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

RUNS = 5


def timed(fn, runs: int = RUNS) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--complaints", type=int, default=1_000_000)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.contrib.auth.models import Group
        from django.test import Client

        from redress.accounts.models import Team, User
        from redress.complaints.models import Category
        from redress.insights import selectors
        from redress.insights.benchdata import seed_daily_figures
        from redress.insights.models import DailyFact

        for name in ("Customer care", "Front office", "Field service"):
            Team.objects.get_or_create(name=name)
        start = time.perf_counter()
        rows = seed_daily_figures(complaints=args.complaints)
        print(
            f"seeded {rows} daily rows for {args.complaints} complaints "
            f"in {time.perf_counter() - start:.1f} s ({connection.vendor})"
        )
        assert DailyFact.objects.count() == rows
        category = Category.objects.filter(parent__isnull=True).first()
        team = Team.objects.first()
        cases = {
            "default (last 365 days)": selectors.default_filters(),
            "everything": selectors.ReportFilters(),
            "one category": selectors.ReportFilters(category=category),
            "one team": selectors.ReportFilters(team=team),
        }
        from django.core.cache import cache

        from redress.insights import facts

        facts.FactRefresh.objects.create(finished_at=timezone.now(), days=rows)

        def cold(f):
            cache.clear()
            return selectors.dashboard(f)

        print("case                      cold median (s)  cold max (s)  cached median (s)")
        for label, filters in cases.items():
            med, top = timed(lambda f=filters: cold(f))
            warm, _ = timed(lambda f=filters: selectors.dashboard(f))
            print(f"{label:24}  {med:15.3f}  {top:12.3f}  {warm:17.4f}")
        user = User.objects.create_user(username="bench-analyst", password="x")
        user.groups.add(Group.objects.get(name="analyst"))
        client = Client()
        client.force_login(user)
        med, top = timed(lambda: (cache.clear(), client.get("/staff/reports/")))
        warm, _ = timed(lambda: client.get("/staff/reports/"))
        print(f"{'page /staff/reports/':24}  {med:15.3f}  {top:12.3f}  {warm:17.4f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
