"""Sections that later stages add to the staff complaint page.

An app registers a panel in its AppConfig.ready(); the page renders every panel
whose function returns a context (None hides it). `forms` carries a bound form
back to its panel when a POST to that panel was refused, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

T = TypeVar("T")

PanelContext = Callable[[HttpRequest, Any, dict[str, Any]], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: PanelContext
    order: int = 100
    side: bool = False  # in the side column, next to the customer card


_panels: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    _panels[panel.name] = panel


def render_panels(
    request: HttpRequest, complaint: Any, forms: dict[str, Any] | None = None
) -> tuple[list[SafeString], list[SafeString]]:
    """The rendered (main column, side column) panels for this complaint and user."""
    main: list[SafeString] = []
    side: list[SafeString] = []
    complaint._panel_reads = {}
    try:
        for panel in sorted(_panels.values(), key=lambda p: p.order):
            context = panel.context(request, complaint, forms or {})
            if context is None:
                continue
            html = render_to_string(
                panel.template, {"complaint": complaint, **context}, request=request
            )
            (side if panel.side else main).append(SafeString(html))
    finally:
        del complaint._panel_reads
    return main, side


def shared_read(complaint: Any, key: str, read: Callable[[], T]) -> T:
    """`read()`, done once for all the panels of one rendering of the page.

    Two panels that need the same rows (the live decision, the fact checklist) share
    them instead of querying twice. Outside `render_panels` nothing is kept, so a value
    never outlives the rendering it was read for.
    """
    reads = getattr(complaint, "_panel_reads", None)
    if reads is None:
        return read()
    if key not in reads:
        reads[key] = read()
    return reads[key]


def shared_choices(complaint: Any, key: str, *fields: Any) -> None:
    """Give model choice fields that list the same rows (`key`) one read of them per page.

    A ModelChoiceField queries its queryset each time it renders; the staff list alone
    appears in four sections. The options are read (through the first field's queryset)
    when a field first renders, once for the whole page; a field that is not rendered
    reads nothing. Validating a submitted value still uses each field's queryset.
    """
    if not fields:
        return
    source = fields[0].choices

    def options() -> list[Any]:
        return shared_read(complaint, f"choices:{key}", lambda: [c for c in source if c[0] != ""])

    for field in fields:
        label = getattr(field, "empty_label", None)
        empty = [] if label is None else [("", label)]
        field.choices = lambda empty=empty: empty + options()


def handle_panel_post(
    request: HttpRequest,
    reference: str,
    *,
    form: Any,
    key: str,
    action: Callable[[Any, Any, Any], Any],
    success: str,
    anchor: str = "",
    panel_value: Any = None,
) -> Any:
    """The shape of every panel POST: bind, call one service, redirect or re-render.

    On a refused input the complaint page is rendered again with the bound form in
    its panel (status 400), so what the user typed is still there with the message.
    """
    from django.contrib import messages
    from django.http import Http404
    from django.shortcuts import redirect
    from django.urls import reverse

    from redress.core.errors import DomainError

    from . import selectors
    from .views import _staff, render_complaint_page

    user = _staff(request)
    complaint = selectors.complaint_for_page(user=user, reference=reference)
    if complaint is None:
        raise Http404
    error = None
    status = 400
    if form.is_valid():
        try:
            action(form, complaint, user)
        except DomainError as exc:
            status = exc.status
            for name, problems in exc.fields.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
            if not exc.fields:
                error = str(exc.message)
        else:
            messages.success(request, success)
            return redirect(reverse("complaints:detail", args=[reference]) + anchor)
    return render_complaint_page(
        request,
        complaint,
        status=status,
        error=error,
        panel_forms={key: form if panel_value is None else panel_value},
    )
