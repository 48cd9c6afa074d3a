"""The letters section of the complaint page, the composer with its live checker, and PDFs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from redress.accounts.roles import Perm
from redress.complaints import selectors as complaint_selectors
from redress.complaints.panels import Panel, handle_panel_post
from redress.complaints.views import _staff
from redress.core.errors import DomainError
from redress.investigations.selectors import live_decision_for_page

from . import checker, diffing, services
from .forms import CheckForm, LetterEditForm, LetterStartForm, SendForm
from .models import Letter, LetterState
from .pdf import render_letter_pdf


def letters_context(
    request: HttpRequest, complaint: Any, forms: dict[str, Any]
) -> dict[str, Any] | None:
    user = request.user
    letters = services.letters_of(complaint)
    kinds = (
        services.allowed_kinds(complaint, decision_of=live_decision_for_page)
        if user.has_perm(Perm.HANDLE.full)
        else []
    )
    in_progress = any(
        letter.state in (LetterState.DRAFT, LetterState.APPROVED) for letter in letters
    )
    if not letters and not kinds:
        return None
    return {
        "letters": letters,
        "can_start": bool(kinds) and not in_progress,
        "start_form": forms.get("letter")
        or LetterStartForm(kinds=kinds, initial={"language": complaint.language}),
    }


LETTERS_PANEL = Panel(
    name="letters", template="letters/panel.html", context=letters_context, order=45
)


@login_required
@require_POST
def letter_start(request: HttpRequest, reference: str) -> HttpResponse:
    created: list[Letter] = []

    def act(form: LetterStartForm, complaint: Any, user: Any) -> None:
        d = form.cleaned_data
        created.append(
            services.letter_create(
                complaint=complaint,
                actor=user,
                kind=d["kind"],
                language=d["language"],
                prevention=d["prevention"],
            )
        )

    response = handle_panel_post(
        request,
        reference,
        form=LetterStartForm(request.POST),
        key="letter",
        action=act,
        success=_("Draft started from the case. Edit it freely; the checker reads along."),
        anchor="#letters",
    )
    if created and response.status_code == 302:
        return redirect("letters:letter", pk=created[0].pk)
    return response


def _letter_or_404(request: HttpRequest, pk: int) -> tuple[Any, Letter]:
    user = _staff(request)
    letter = (
        Letter.objects.select_related(
            "complaint__customer", "decision", "approved_version__approval", "sent_by"
        )
        .filter(pk=pk)
        .first()
    )
    if letter is None or not complaint_selectors.can_see(user, letter.complaint):
        raise Http404
    return user, letter


def _marked(text: str, findings: list[checker.Finding]) -> list[tuple[str, Any]]:
    """The text cut into runs, each with the finding that marks it (or None)."""
    runs: list[tuple[str, Any]] = []
    position = 0
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if finding.end <= finding.start or finding.start < position:
            continue
        runs.append((text[position : finding.start], None))
        runs.append((text[finding.start : finding.end], finding))
        position = finding.end
    runs.append((text[position:], None))
    return [run for run in runs if run[0]]


def _findings_context(letter: Letter, body: str) -> dict[str, Any]:
    findings = services.findings_for(letter, body)
    errors, warnings = checker.counts(findings)
    return {
        "findings": findings,
        "errors": errors,
        "warnings": warnings,
        "marked": _marked(body, findings),
        "letter": letter,
    }


def _page(
    request: HttpRequest,
    user: Any,
    letter: Letter,
    *,
    status: int = 200,
    edit_form: LetterEditForm | None = None,
    send_form: SendForm | None = None,
    error: str = "",
) -> HttpResponse:
    version = services.latest_version(letter)
    assert version is not None
    versions = list(letter.versions.select_related("author").order_by("-number"))
    body = edit_form.data.get("body", version.body) if edit_form is not None else version.body
    editable = letter.state != LetterState.SENT and user.has_perm(Perm.HANDLE.full)
    context = {
        "complaint": letter.complaint,
        "letter": letter,
        "version": version,
        "versions": versions,
        "editable": editable,
        "edit_form": edit_form
        or LetterEditForm(initial={"subject": version.subject, "body": version.body}),
        "can_approve": letter.state == LetterState.DRAFT and user.has_perm(Perm.SIGN.full),
        "can_send": letter.state == LetterState.APPROVED
        and (user.has_perm(Perm.HANDLE.full) or user.has_perm(Perm.SIGN.full)),
        "send_form": send_form or SendForm(),
        "copies": [p for p in services.staff_involved(letter, user) if p.email],
        "error": error,
        **_findings_context(letter, str(body)),
    }
    return render(request, "letters/letter.html", context, status=status)


@login_required
def letter_page(request: HttpRequest, pk: int) -> HttpResponse:
    user, letter = _letter_or_404(request, pk)
    return _page(request, user, letter)


@login_required
@require_POST
def letter_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The live checker: the findings for the text as typed, as an HTML fragment."""
    _user, letter = _letter_or_404(request, pk)
    form = CheckForm(request.POST)
    body = form.cleaned_data["body"] if form.is_valid() else ""
    return render(request, "letters/_findings.html", _findings_context(letter, body))


def _domain_error(error: DomainError) -> str:
    details = [str(m) for msgs in error.fields.values() for m in msgs]
    return " ".join([str(error.message), *details]) if details else str(error.message)


@login_required
@require_POST
def letter_save(request: HttpRequest, pk: int) -> HttpResponse:
    user, letter = _letter_or_404(request, pk)
    form = LetterEditForm(request.POST)
    if not form.is_valid():
        return _page(request, user, letter, status=400, edit_form=form)
    try:
        version = services.letter_save(
            letter=letter,
            actor=user,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
    except DomainError as error:
        return _page(
            request, user, letter, status=error.status, edit_form=form, error=_domain_error(error)
        )
    messages.success(request, _("Saved as version %(number)d.") % {"number": version.number})
    return redirect("letters:letter", pk=letter.pk)


@login_required
@require_POST
def letter_approve(request: HttpRequest, pk: int) -> HttpResponse:
    user, letter = _letter_or_404(request, pk)
    try:
        services.letter_approve(letter=letter, actor=user)
    except DomainError as error:
        return _page(request, user, letter, status=error.status, error=_domain_error(error))
    messages.success(request, _("Letter approved and signed. It can now be sent."))
    return redirect("letters:letter", pk=letter.pk)


@login_required
@require_POST
def letter_send(request: HttpRequest, pk: int) -> HttpResponse:
    user, letter = _letter_or_404(request, pk)
    form = SendForm(request.POST)
    if not form.is_valid():
        return _page(request, user, letter, status=400, send_form=form)
    try:
        services.letter_send(
            letter=letter, actor=user, via=form.cleaned_data["via"], to=form.cleaned_data["to"]
        )
    except DomainError as error:
        return _page(
            request, user, letter, status=error.status, send_form=form, error=_domain_error(error)
        )
    messages.success(request, _("Letter sent."))
    if not complaint_selectors.can_see(user, letter.complaint):
        return redirect("complaints:journal")
    return redirect(reverse("complaints:detail", args=[letter.complaint.reference]) + "#letters")


@login_required
def letter_diff(request: HttpRequest, pk: int) -> HttpResponse:
    _user, letter = _letter_or_404(request, pk)
    try:
        a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        raise Http404 from None
    old, new = services.version_pair(letter, a, b)
    if old is None or new is None:
        raise Http404
    return render(
        request,
        "letters/diff.html",
        {
            "letter": letter,
            "complaint": letter.complaint,
            "old": old,
            "new": new,
            "subject_pieces": diffing.compare(old.subject, new.subject, letter.language),
            "pieces": diffing.compare(old.body, new.body, letter.language),
        },
    )


@login_required
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF as sent, as signed, or (for a draft) a preview marked as a draft."""
    _user, letter = _letter_or_404(request, pk)
    if letter.state == LetterState.SENT and letter.pdf:
        with letter.pdf.open("rb") as handle:
            data = handle.read()
    elif letter.state == LetterState.APPROVED:
        data = render_letter_pdf(letter)
    else:
        data = render_letter_pdf(letter, version=services.latest_version(letter))
    response = HttpResponse(data, content_type="application/pdf")
    name = f"{letter.complaint.reference}-{letter.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
