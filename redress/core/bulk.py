"""Writing many rows at once below the ORM: plain tuples, one statement per batch.

`insert_rows(model, columns, rows)` writes tuples whose values follow `columns` (field
attnames such as "complaint_id"); `insert_dicts` does the same for dicts. Every other
column takes the field's default (a callable default, such as the tracking token, runs
once per row; auto_now fields get the time of the call). On PostgreSQL the rows go through
COPY (psycopg 3), on SQLite through multi-row INSERTs (see `_insert_sqlite`).

Nothing of the ORM's save path runs: no save(), no signals, no per-value preparation
beyond what the column type needs (datetimes and dates on SQLite, JSON on both), which is
done the way the ORM stores them, so the ORM reads the rows back unchanged.

`reserve_ids(model, count)` hands out primary keys for rows that others refer to before
they are written: numbers the database will not give anyone else afterwards.
"""

from __future__ import annotations

import functools
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from django.db import connection, models
from django.utils import timezone

ROWS_PER_STATEMENT = 5000
# Values of these column types go to the driver as they are, on both databases.
PLAIN = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "EmailField",
    "FloatField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
    "URLField",
}


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """What a value of `field` needs before the driver sees it; None: nothing."""
    kind = field.get_internal_type()
    if kind in PLAIN:
        return None
    ops = connection.ops
    if connection.vendor == "postgresql":
        # psycopg adapts dates, times, decimals and UUIDs itself; JSON needs its wrapper.
        if isinstance(field, models.JSONField):
            return functools.partial(json.dumps, cls=field.encoder)
        return None
    if kind == "DateTimeField":
        return _sqlite_datetime()
    if kind == "DateField":
        return ops.adapt_datefield_value
    if kind == "TimeField":
        return ops.adapt_timefield_value
    if isinstance(field, models.JSONField):
        return functools.partial(json.dumps, cls=field.encoder)
    return lambda value: field.get_db_prep_save(value, connection)


def _sqlite_datetime() -> Callable[[datetime], Any]:
    """The ORM's adaptation of a datetime for SQLite (naive, in the connection's zone, as
    text), with a shortcut for the common case of a value already in that zone."""
    adapt = connection.ops.adapt_datetimefield_value
    zone = connection.timezone

    def run(value: datetime) -> Any:
        if value.tzinfo is zone:
            return str(value.replace(tzinfo=None))
        return adapt(value)

    return run


class Table:
    """The columns of one model's table as `insert_rows` writes them."""

    def __init__(
        self, model: type[models.Model], columns: Sequence[str], *, now: datetime | None = None
    ) -> None:
        self.model = model
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise ValueError(f"{model.__name__} has no column {', '.join(unknown)}")
        self.given = [fields[c] for c in columns]
        now = now or timezone.now()
        # The primary key only when given (a one-to-one key or reserved ids); otherwise
        # the database numbers the rows.
        rest = [f for f in fields.values() if f.attname not in columns and not f.primary_key]
        self.constant: list[models.Field[Any, Any]] = []
        constants: list[Any] = []
        self.per_row: list[tuple[models.Field[Any, Any], Callable[[], Any]]] = []
        for f in rest:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.constant.append(f)
                constants.append(now)
            elif f.has_default() and callable(f.default):
                self.per_row.append((f, f.default))
            else:
                self.constant.append(f)
                constants.append(f.get_default())
        self.fields = self.given + self.constant + [f for f, _ in self.per_row]
        adapters = [_adapter(f) for f in self.fields]
        n, m = len(self.given), len(self.given) + len(constants)
        # Constants are adapted once here; given values and per-row defaults on each row.
        self.tail = tuple(
            a(v) if a is not None and v is not None else v
            for a, v in zip(adapters[n:m], constants, strict=True)
        )
        self.adapt = [(i, a) for i, a in enumerate(adapters) if a is not None and not n <= i < m]
        self.defaults = [default for _, default in self.per_row]

    def columns_sql(self) -> str:
        quote = connection.ops.quote_name
        return ", ".join(quote(str(f.column)) for f in self.fields)

    def prepared(self, rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
        """The rows completed with the defaults and adapted for the driver."""
        tail, defaults, adapt = self.tail, self.defaults, self.adapt
        for row in rows:
            if defaults:
                row = (*row, *tail, *(d() for d in defaults))
            elif tail:
                row = (*row, *tail)
            if adapt:
                values = list(row)
                for i, a in adapt:
                    if values[i] is not None:
                        values[i] = a(values[i])
                row = values
            yield row


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    now: datetime | None = None,
) -> int:
    """Write `rows` (tuples in `columns` order) into `model`'s table; returns how many.

    Runs in the caller's transaction. Rows are streamed: `rows` may be a generator.
    """
    table = Table(model, columns, now=now)
    name = connection.ops.quote_name(model._meta.db_table)
    count = 0

    def counted(source: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
        nonlocal count
        for row in source:
            count += 1
            yield row

    prepared = table.prepared(counted(rows))
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if connection.vendor == "postgresql":
            with raw.copy(f"COPY {name} ({table.columns_sql()}) FROM STDIN") as copy:
                for row in prepared:
                    copy.write_row(row)
        else:
            _insert_sqlite(raw, name, table, prepared)
    return count


def _insert_sqlite(raw: Any, name: str, table: Table, rows: Iterator[Sequence[Any]]) -> None:
    """Multi-row INSERTs, as many rows a statement as SQLite takes parameters.

    Not executemany: each of its rows is a statement of its own, and FTS5 (the search
    table, fed by a trigger) flushes its pending index at every statement, writing one
    index segment per row and merging them again and again.
    """
    width = len(table.fields)
    limit = raw.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per = max(1, min(ROWS_PER_STATEMENT, limit // width))
    one = "(" + ", ".join(["?"] * width) + ")"
    head = f"INSERT INTO {name} ({table.columns_sql()}) VALUES "
    full = head + ", ".join([one] * per)
    while chunk := list(itertools.islice(rows, per)):
        params = [v for row in chunk for v in row]
        if len(chunk) == per:
            sqlite3.Cursor.execute(raw, full, params)
        else:
            sqlite3.Cursor.execute(raw, head + ", ".join([one] * len(chunk)), params)


def insert_dicts(
    model: type[models.Model], rows: Sequence[dict[str, Any]], *, now: datetime | None = None
) -> int:
    """`insert_rows` for dicts keyed by attname; a key missing from a row takes the default."""
    if not rows:
        return 0
    present = set().union(*rows)
    columns = [f.attname for f in model._meta.concrete_fields if f.attname in present]
    fields = {f.attname: f for f in model._meta.concrete_fields}
    missing = object()

    def values(row: dict[str, Any]) -> tuple[Any, ...]:
        out = []
        for c in columns:
            v = row.get(c, missing)
            out.append(fields[c].get_default() if v is missing else v)
        return tuple(out)

    return insert_rows(model, columns, (values(r) for r in rows), now=now)


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` primary keys for new rows of `model`, never handed out again.

    PostgreSQL: taken from the table's sequence (concurrent inserts are safe; the numbers
    may have gaps). SQLite: a block above the highest key ever used, recorded in
    sqlite_sequence (AUTOINCREMENT tables), so the app's next insert numbers after it;
    the caller's transaction holds the write lock.
    """
    if count <= 0:
        return []
    pk = model._meta.pk
    assert pk is not None and pk.column is not None
    column = pk.column
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, count],
            )
            return [int(r[0]) for r in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0),"
            f" coalesce((SELECT max({quote(column)}) FROM {quote(table)}), 0))",
            [table],
        )
        row = cursor.fetchone()
        last = int(row[0]) if row else 0
        cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [last + count, table])
        if cursor.rowcount == 0:
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, last + count]
            )
        return list(range(last + 1, last + count + 1))
