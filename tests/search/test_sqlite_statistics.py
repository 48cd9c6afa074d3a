"""SQLite's planner statistics are refreshed after migrations (redress.core.apps)."""

import pytest
from django.apps import apps
from django.db import connection

from redress.core.apps import analyze_sqlite_after_migrate

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite statistics")


def _stat_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        return int(cursor.fetchone()[0])


@pytest.mark.django_db
def test_applied_migrations_refresh_the_statistics_and_none_leave_them(submit):
    for i in range(5):
        submit(subject=f"Chair {i}")
    core = apps.get_app_config("core")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the table exists (the test database was migrated)
        cursor.execute("DELETE FROM sqlite_stat1")
    analyze_sqlite_after_migrate(core, plan=[], using="default")
    assert _stat_rows("complaints_complaint") == 0  # nothing migrated: nothing to do
    analyze_sqlite_after_migrate(core, plan=[("migration", False)], using="default")
    assert _stat_rows("complaints_complaint") > 0
