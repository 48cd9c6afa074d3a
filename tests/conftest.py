import os
import shutil

# Playwright's sync API runs an event loop in the test thread; without this
# every ORM call in a browser test raises SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from redress.accounts.models import Team, User
from redress.accounts.roles import Role
from redress.complaints.models import Category
from redress.complaints.services import ComplaintInput, CustomerInput, complaint_submit

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    """In CI the PostgreSQL run must really use PostgreSQL, never skip silently."""
    if os.environ.get("CI") == "true" and os.environ.get("REDRESS_EXPECT_POSTGRES") == "1":
        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise pytest.UsageError(f"REDRESS_EXPECT_POSTGRES=1 but the database is {engine}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 1280, "height": 900}}


def make_user(username: str, role: Role | None, team: Team | None = None, **extra) -> User:
    user = User.objects.create_user(
        username=username,
        password="pw-" + username,
        first_name=username.title(),
        team=team,
        **extra,
    )
    if role is not None:
        user.groups.add(Group.objects.get(name=role.value))
    return user


@pytest.fixture
def team(db) -> Team:
    return Team.objects.create(name="Customer care")


@pytest.fixture
def other_team(db) -> Team:
    return Team.objects.create(name="Front office")


@pytest.fixture
def staff(db, team, other_team) -> dict[str, User]:
    """One user per role; handler and handler_mate share a team, handler_other does not."""
    return {
        "intake": make_user("intake", Role.INTAKE_OPERATOR, other_team),
        "handler": make_user("handler", Role.HANDLER, team),
        "handler_mate": make_user("handlermate", Role.HANDLER, team),
        "handler_other": make_user("handlerother", Role.HANDLER, other_team),
        "quality": make_user("quality", Role.QUALITY_LEAD),
        "signatory": make_user("signatory", Role.SIGNATORY),
        "analyst": make_user("analyst", Role.ANALYST),
        "admin": make_user("admin", Role.ADMINISTRATOR, is_staff=True),
        "nobody": make_user("nobody", None),
    }


@pytest.fixture
def category(db) -> Category:
    return Category.objects.get(code="delivery")


def customer_input(**overrides) -> CustomerInput:
    data = {
        "full_name": "Margaret Holloway",
        "email": "margaret@example.org",
        "preferred_language": "en",
    }
    data.update(overrides)
    return CustomerInput(**data)


def complaint_input(category: Category, **overrides) -> ComplaintInput:
    data = {
        "subject": "Table never arrived",
        "description": "I paid in advance for a table six weeks ago and it never arrived.",
        "category": category,
        "language": "en",
    }
    data.update(overrides)
    return ComplaintInput(**data)


@pytest.fixture
def submit(category):
    """Take in a complaint through the real service; keyword overrides go to the complaint."""

    def _submit(channel="web", actor=None, customer=None, **overrides):
        return complaint_submit(
            customer=customer or customer_input(),
            complaint=complaint_input(category, **overrides),
            channel=channel,
            actor=actor,
        )

    return _submit


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Make the serialized test data visible to every connection object.

    Playwright's event loop gives the test thread a fresh connection object (Django's
    connections are context-local), which lacks the snapshot that serialized_rollback
    restores from; on the class, every instance finds it.
    """
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents
    yield


@pytest.fixture
def api():
    """A factory: a REST client acting as `user` (or anonymous with None)."""
    from rest_framework.test import APIClient

    def _client(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return _client


def assert_error(response, status: int, code: str, fields=None) -> dict:
    """The API's error shape: {"code", "message", "fields"}, with the given fields at fault."""
    assert response.status_code == status, (response.status_code, response.content)
    body = response.json()
    assert set(body) == {"code", "message", "fields"}, body
    assert body["code"] == code, body
    assert isinstance(body["message"], str) and body["message"], body
    if fields is not None:
        assert set(body["fields"]) == set(fields), body
        assert all(isinstance(m, str) and m for v in body["fields"].values() for m in v), body
    return body
