"""Writes: request an export and run it (in the background)."""

from __future__ import annotations

import logging
import threading
import time
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connections,
    transaction,
)
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from redress.accounts.models import Team
from redress.accounts.roles import Perm
from redress.complaints.models import Category
from redress.core.errors import PermissionDenied, ValidationFailed

from . import exports, selectors
from .models import Export, ExportKind, ExportState

log = logging.getLogger(__name__)

JOURNAL_KINDS = {ExportKind.JOURNAL_CSV, ExportKind.JOURNAL_XLSX}


def may_see_reports(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(Perm.VIEW_REPORTS.full))


def may_export(user: Any, kind: str) -> bool:
    from redress.complaints.selectors import can_use_workspace

    if kind in JOURNAL_KINDS:
        # The journal lists single complaints: analysts (reports only) may not have it.
        return can_use_workspace(user)
    return may_see_reports(user)


def report_language() -> str:
    return str(getattr(settings, "REDRESS_REPORT_LANGUAGE", "") or settings.LANGUAGE_CODE)


@transaction.atomic
def export_request(*, user: Any, kind: str, params: dict[str, Any], language: str = "") -> Export:
    """Queue an export of `kind` with the page's filters; it runs after commit."""
    kind = ExportKind(kind)
    if not may_export(user, kind):
        raise PermissionDenied(_("You may not export this."))
    if kind in JOURNAL_KINDS:
        from redress.complaints.forms import JournalFilterForm

        form = JournalFilterForm(params)
        if not form.is_valid():
            raise ValidationFailed(
                _("The filters of this list are not valid; correct them and export again."),
                fields={name: [str(e) for e in errors] for name, errors in form.errors.items()},
            )
    if kind == ExportKind.REVIEW_PPTX:
        language = report_language()
    export = Export.objects.create(
        kind=kind,
        params={k: str(v) for k, v in params.items()},
        language=language or settings.LANGUAGE_CODE,
        requested_by=user,
    )
    transaction.on_commit(lambda: dispatch(export.pk))
    return export


def dispatch(export_id: int) -> None:
    """Hand the export to Celery; in the embedded default run it in a thread, so that the
    request that asked for it returns at once and the page can show progress."""
    from .tasks import run_export

    if settings.CELERY_TASK_ALWAYS_EAGER and settings.REDRESS_EXPORTS_IN_THREAD:
        threading.Thread(
            target=_run_in_thread, args=(export_id,), name=f"export-{export_id}", daemon=True
        ).start()
    else:
        run_export.delay(export_id)


def _run_in_thread(export_id: int) -> None:
    close_old_connections()
    try:
        export_run(export_id=export_id)
    finally:
        connections.close_all()


def _progress(export_id: int) -> Any:
    def set_progress(pct: int) -> None:
        # Progress is only shown to the user: a busy database must not stop the export.
        try:
            Export.objects.filter(pk=export_id).update(progress=pct)
        except OperationalError:
            log.warning(
                "export %s: progress %s%% not recorded, the database is busy", export_id, pct
            )

    return set_progress


def report_filters(params: dict[str, Any]) -> selectors.ReportFilters:
    def day(key: str) -> date | None:
        try:
            return date.fromisoformat(params.get(key) or "")
        except ValueError:
            return None

    def pk(key: str) -> int | None:
        value = str(params.get(key) or "")
        return int(value) if value.isdigit() else None

    category_id, team_id = pk("category"), pk("team")
    return selectors.ReportFilters(
        date_from=day("date_from"),
        date_to=day("date_to"),
        category=Category.objects.filter(pk=category_id).first() if category_id else None,
        team=Team.objects.filter(pk=team_id).first() if team_id else None,
    )


def _journal(export: Export) -> tuple[Any, int]:
    from redress.complaints.forms import JournalFilterForm
    from redress.complaints.selectors import journal_list
    from redress.search.selectors import match_filter, query_terms

    form = JournalFilterForm(export.params)
    filters = form.to_filters(export.requested_by) if form.is_valid() else None
    from redress.complaints.selectors import JournalFilters

    filters = filters or JournalFilters()
    qs = journal_list(user=export.requested_by, filters=filters)
    terms = query_terms(filters.q)
    if terms:
        # The journal page ranks its search results; the export keeps every match, newest first.
        qs = qs.filter(match_filter(terms))
    qs = qs.select_related("team")
    return qs, qs.count()


def build(export: Export) -> tuple[bytes, int]:
    """The file's content for `export`, in its language, and its number of data rows."""
    progress = _progress(export.pk)
    kind = ExportKind(export.kind)
    with translation.override(export.language):
        if kind in JOURNAL_KINDS:
            qs, total = _journal(export)
            rows = exports.journal_rows(qs.iterator(chunk_size=2000))
            if kind == ExportKind.JOURNAL_CSV:
                return exports.write_csv(exports.journal_header(), rows, total, progress), total
            content = exports.write_xlsx(
                [(_("Journal"), exports.journal_header(), rows)], total, progress
            )
            return content, total
        filters = report_filters(export.params)
        board = selectors.dashboard(filters)
        figures = exports.figures_rows(board)
        if kind == ExportKind.FIGURES_CSV:
            content = exports.write_csv(exports.figures_header(), figures, len(figures), progress)
        elif kind == ExportKind.FIGURES_XLSX:
            content = exports.xlsx_figures(board, progress)
        else:
            content = exports.review_deck(
                board,
                organisation=settings.REDRESS_ORGANISATION_NAME,
                period=period_label(filters),
                progress=progress,
            )
        return content, len(figures)


def _record_failure(export_id: int, error: str, attempts: int = 5) -> None:
    """Mark the export failed, so the page stops waiting; retried while the database is busy."""
    for attempt in range(attempts):
        try:
            if (
                connections["default"].connection is not None
                and not connections["default"].is_usable()
            ):
                connections["default"].close()
            Export.objects.filter(pk=export_id).update(
                state=ExportState.FAILED, error=error, finished_at=timezone.now()
            )
            return
        except (OperationalError, InterfaceError):
            connections["default"].close()
            time.sleep(0.5 * (attempt + 1))
    log.error("export %s: could not record its failure", export_id)


def period_label(filters: selectors.ReportFilters) -> str:
    start = filters.date_from.isoformat() if filters.date_from else "…"
    end = filters.date_to.isoformat() if filters.date_to else "…"
    return f"{start} – {end}"


def export_run(*, export_id: int) -> Export:
    """Build the file of a queued export; a failure is recorded on the export."""
    updated = Export.objects.filter(pk=export_id, state=ExportState.QUEUED).update(
        state=ExportState.RUNNING, progress=1
    )
    export = Export.objects.select_related("requested_by").get(pk=export_id)
    if not updated:
        return export  # already taken by another worker
    try:
        if not may_export(export.requested_by, export.kind):
            raise PermissionError("permission withdrawn")
        content, rows = build(export)
        export.file.save(f"export.{export.extension}", ContentFile(content), save=False)
        Export.objects.filter(pk=export_id).update(
            file=export.file.name,
            rows=rows,
            state=ExportState.DONE,
            progress=100,
            finished_at=timezone.now(),
        )
    except Exception as exc:
        log.exception("export %s failed", export_id)
        _record_failure(export_id, str(exc)[:500])
    export.refresh_from_db()
    return export
