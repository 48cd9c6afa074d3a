"""Helpers for the browser tests: log a member of staff in, in a browser context of their own."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def log_in(page: Page, base_url: str, username: str) -> None:
    """Log in through the login form; passwords are "pw-" + username (tests/conftest.py)."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.locator("main form button[type=submit]").click()
    # The login page is gone and the header offers to log this user out.
    expect(page.locator("#id_password")).to_have_count(0)
    expect(page.locator("header form[action$='/logout/'] button")).to_be_visible()


@pytest.fixture
def staff_page(browser, browser_context_args):
    """A factory: a fresh browser context (own cookies, English) logged in as `username`."""
    contexts = []

    def _open(live_server_url: str, username: str) -> Page:
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        page = context.new_page()
        log_in(page, live_server_url, username)
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def visitor_page(browser, browser_context_args):
    """A factory: a fresh browser context nobody is logged in to (a customer's own browser)."""
    contexts = []

    def _open() -> Page:
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()
