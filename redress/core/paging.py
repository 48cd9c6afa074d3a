"""Count-free pages: fetch one row more than a page to know whether another follows.

A COUNT(*) over a million filtered rows costs more than the page itself; the pager
only needs to know if there is a next page.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet


def page_number(raw: Any) -> int:
    """The page asked for, 1 for anything that is not a positive number."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, 100_000))


@dataclass
class Window:
    rows: list[Any]
    number: int
    per_page: int
    has_next: bool
    extra: dict[str, Any] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.rows)

    @property
    def exact_total(self) -> int | None:
        """The number of all results when this page shows that they end here, else None."""
        return None if self.has_next else self.end_index


def window(rows: Sequence[Any] | QuerySet[Any], *, number: int, per_page: int) -> Window:
    """Page `number` of `rows` (a queryset is sliced into LIMIT per_page + 1)."""
    offset = (number - 1) * per_page
    fetched = list(rows[offset : offset + per_page + 1])
    return Window(
        rows=fetched[:per_page], number=number, per_page=per_page, has_next=len(fetched) > per_page
    )


def keyed_window(rows: QuerySet[Any], *, number: int, per_page: int) -> Window:
    """Like `window`, for a sorted queryset of wide rows with joins: the primary keys of
    the page come first (the database sorts only the sort keys and ids, not every
    selected column of every matching row), then one query loads those rows.

    At 100,000 complaints, a filter matching 16,000 of them made SQLite sort 16,000 whole
    rows with their customer and clock to show 25.
    """
    offset = (number - 1) * per_page
    keys = list(rows.values_list("pk", flat=True)[offset : offset + per_page + 1])
    page_keys = keys[:per_page]
    by_key = {row.pk: row for row in rows.filter(pk__in=page_keys).order_by()} if keys else {}
    return Window(
        rows=[by_key[key] for key in page_keys if key in by_key],
        number=number,
        per_page=per_page,
        has_next=len(keys) > per_page,
    )
