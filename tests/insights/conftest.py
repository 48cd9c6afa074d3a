from datetime import timedelta

import pytest
from django.utils import timezone

from redress.complaints.services import complaint_submit
from redress.insights import facts
from tests.conftest import complaint_input, customer_input


@pytest.fixture
def submit_on(category):
    """Take in a complaint received `days_ago` days ago through the real service."""

    def _submit(days_ago: int = 0, channel: str = "web", cat=None, **overrides):
        return complaint_submit(
            customer=customer_input(),
            complaint=complaint_input(cat or category, **overrides),
            channel=channel,
            received_at=timezone.now() - timedelta(days=days_ago),
        )

    return _submit


@pytest.fixture
def refreshed():
    def _refresh():
        return facts.facts_refresh()

    return _refresh


@pytest.fixture(autouse=True)
def _empty_cache():
    """The dashboard caches its figures per refresh; no test sees another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
