"""Full-text search over complaints, in every script, on SQLite FTS5 or PostgreSQL pg_trgm.

One entry point, `search_complaints`, with the same behaviour on both databases:
every word of the query must occur somewhere in the complaint (subject, description,
customer, reference, statements, inbound email), as a substring, so a Thai word is
found inside a sentence without word breaks. Words of three characters or more go
through the trigram index (FTS5 MATCH, or ILIKE served by the GIN index); shorter
ones fall back to a LIKE over the document table.

Ranking: the `REDRESS_SEARCH_RANK_WINDOW` most recently entered matching complaints the
user may see are ranked (bm25 on SQLite; on PostgreSQL a score from where and how often
the words occur, pg_trgm word similarity to the title breaking ties), best first, ties by
recency. Bounding the window keeps a search for a very common word as fast as one
for a rare word at a million complaints. "Recently entered" is the complaint's id, the
order the indexes keep (a complaint imported today from last year's records counts as new).
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from redress.complaints.models import Complaint
from redress.complaints.selectors import JournalFilters, journal_list
from redress.core.paging import Window, keyed_window

from .highlight import snippet
from .models import SearchDocument

MIN_TRIGRAM = 3
MAX_TERMS = 8
MAX_TERM_LENGTH = 100
TITLE_WEIGHT = 4.0
RANK_TEXT = 4000
# Chunks of matches read from FTS5, newest first, before leaving the rest to a join.
SCAN_CHUNKS = 5
MIN_CHUNK = 1000


def rank_window() -> int:
    return int(getattr(settings, "REDRESS_SEARCH_RANK_WINDOW", 500))


def query_terms(query: str) -> list[str]:
    """The words of a query: split on white space, quotes dropped, duplicates removed.

    Every word already matches anywhere inside a word, so a wildcard typed out of habit
    (`refund*`, `*fund`) is dropped rather than searched for as a character."""
    terms: list[str] = []
    for raw in query.replace('"', " ").split():
        term = (raw.strip("*") or raw)[:MAX_TERM_LENGTH]
        if term.casefold() not in {t.casefold() for t in terms}:
            terms.append(term)
    return terms[:MAX_TERMS]


def _fts_expression(terms: list[str]) -> str:
    return " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)


def _contains(term: str) -> Q:
    return Q(title__icontains=term) | Q(body__icontains=term)


def match_filter(terms: list[str]) -> Q:
    """A filter on Complaint: every term occurs in the complaint's search document."""
    if not terms:
        return Q()
    if connection.vendor == "sqlite":
        long = [t for t in terms if len(t) >= MIN_TRIGRAM]
        short = [t for t in terms if len(t) < MIN_TRIGRAM]
        q = Q()
        if long:
            q &= Q(
                pk__in=RawSQL(
                    "SELECT rowid FROM search_fts WHERE search_fts MATCH %s",
                    [_fts_expression(long)],
                )
            )
        if short:
            docs = SearchDocument.objects.all()
            for t in short:
                docs = docs.filter(_contains(t))
            q &= Q(pk__in=docs.values("complaint_id"))
        return q
    docs = SearchDocument.objects.all()
    for t in terms:
        docs = docs.filter(_contains(t))
    return Q(pk__in=docs.values("complaint_id"))


def _recent_matches_sqlite(base: Any, terms: list[str]) -> list[int] | None:
    """The most recently entered matches the user may see, up to the rank window, on SQLite.

    FTS5 walks its document lists from the newest row down and stops at the LIMIT, so a
    word in a quarter of a million complaints costs what a rare word costs, where joining
    the whole match set to the journal and sorting it grew with the number of matches
    (0.2 s at 50,000 complaints for "credit"). The matches are read in chunks and checked
    against the user's journal (visibility, filters, short words); if a few chunks still
    leave the window short, the caller's join does the work instead (None).
    """
    long = [t for t in terms if len(t) >= MIN_TRIGRAM]
    if not long:
        return None
    window = rank_window()
    chunk = max(4 * window, MIN_CHUNK)
    rest = match_filter([t for t in terms if len(t) < MIN_TRIGRAM])
    found: list[int] = []
    before: int | None = None
    with connection.cursor() as cursor:
        for _ in range(SCAN_CHUNKS):
            bound = "" if before is None else " AND rowid < %s"
            params: list[Any] = [_fts_expression(long)] + ([] if before is None else [before])
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
                f"{bound} ORDER BY rowid DESC LIMIT %s",
                [*params, chunk],
            )
            ids = [int(row[0]) for row in cursor.fetchall()]
            if ids:
                listed = RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])
                visible = set(
                    base.filter(rest, pk__in=listed).order_by().values_list("pk", flat=True)
                )
                found += [pk for pk in ids if pk in visible]
            if len(found) >= window or len(ids) < chunk:
                return found[:window]
            before = ids[-1]
    return None


def _ranks(ids: list[int], terms: list[str]) -> dict[int, float]:
    """Higher is better. One query for all candidates."""
    if not ids:
        return {}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            long = [t for t in terms if len(t) >= MIN_TRIGRAM]
            if not long:
                return {}
            # The unary plus keeps the id list out of FTS5: given `rowid IN (...)`, FTS5
            # runs the whole MATCH once per listed id (500 candidates of a common word:
            # 12 s at 100,000 complaints); filtering one pass over the matches is ~0.1 s.
            # The lower bound is handed to FTS5, which then reads only the newer part of
            # each document list: the candidates of a common word are all recent.
            cursor.execute(
                "SELECT rowid, -bm25(search_fts, %s, 1.0) FROM search_fts"
                " WHERE search_fts MATCH %s AND rowid >= %s"
                " AND +rowid IN (SELECT value FROM json_each(%s))",
                [TITLE_WEIGHT, _fts_expression(long), min(ids), json.dumps(ids)],
            )
        else:
            parts: list[str] = []
            params: list[Any] = []
            for t in terms:
                # Title hit, plus how often the word occurs in the text (up to 10 times).
                parts.append(
                    "(CASE WHEN strpos(t, upper(%s)) > 0 THEN %s ELSE 0 END"
                    " + least((length(b) - length(replace(b, upper(%s), '')))::float"
                    " / greatest(length(%s), 1), 10) / 10.0)"
                )
                params += [t, TITLE_WEIGHT, t, t]
            # Trigram similarity to the title only breaks ties: on short words it is noisy.
            parts.append("0.05 * word_similarity(%s, title)")
            params.append(" ".join(terms))
            # Upper-cased once per row; occurrences are counted in the first RANK_TEXT
            # characters, which bounds the cost of a long email thread.
            cursor.execute(
                f"SELECT complaint_id, {' + '.join(parts)} FROM ("
                "SELECT complaint_id, title, upper(title) AS t, upper(left(body, %s)) AS b"
                # OFFSET 0 keeps the subquery whole, so upper() runs once per row.
                " FROM search_searchdocument WHERE complaint_id = ANY(%s) OFFSET 0) AS d",
                [*params, RANK_TEXT, ids],
            )
        return {int(pk): float(score) for pk, score in cursor.fetchall()}


def search_complaints(
    *,
    user: Any,
    query: str,
    filters: JournalFilters | None = None,
    page: int = 1,
    per_page: int = 25,
) -> Window:
    """One page of the complaints `user` may see that match `query`, best first.

    Each row carries `search_snippet` (escaped, matches in <mark>) and
    `search_subject` (the subject with its matches marked). Without words in the
    query, the journal order is kept. No COUNT: `has_next` comes from one extra row.
    """
    base = journal_list(user=user, filters=replace(filters or JournalFilters(), q=""))
    terms = query_terms(query)
    if not terms:
        return keyed_window(base, number=page, per_page=per_page)
    candidates = _recent_matches_sqlite(base, terms) if connection.vendor == "sqlite" else None
    if candidates is None:
        candidates = list(
            base.filter(match_filter(terms))
            .order_by("-id")
            .values_list("pk", flat=True)[: rank_window()]
        )
    ranks = _ranks(candidates, terms)
    # sorted() is stable: equal scores keep the recency order of the candidates.
    ordered = sorted(candidates, key=lambda pk: -ranks.get(pk, 0.0))
    offset = (page - 1) * per_page
    chosen = ordered[offset : offset + per_page + 1]
    ids = chosen[:per_page]
    by_id = {c.pk: c for c in base.filter(pk__in=ids).order_by()}
    texts = dict(
        (pk, (title, body))
        for pk, title, body in SearchDocument.objects.filter(pk__in=ids).values_list(
            "pk", "title", "body"
        )
    )
    rows: list[Complaint] = []
    for pk in ids:
        complaint = by_id.get(pk)
        if complaint is None:
            continue
        title, body = texts.get(pk, ("", ""))
        in_body = any(t.casefold() in body.casefold() for t in terms)
        complaint.search_snippet = snippet(body if in_body else title, terms)  # type: ignore[attr-defined]
        complaint.search_subject = snippet(complaint.subject, terms, width=200)  # type: ignore[attr-defined]
        complaint.search_rank = ranks.get(pk, 0.0)  # type: ignore[attr-defined]
        rows.append(complaint)
    return Window(
        rows=rows,
        number=page,
        per_page=per_page,
        has_next=len(chosen) > per_page,
        extra={"terms": terms, "ranked": True},
    )


def journal_page(*, user: Any, filters: JournalFilters, page: int, per_page: int) -> Window:
    """The journal list: filtered and sorted, or ranked search results when there is text."""
    return search_complaints(
        user=user, query=filters.q, filters=filters, page=page, per_page=per_page
    )
