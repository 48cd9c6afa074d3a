"""The composer: a draft letter pre-filled from the case, in the customer's language.

Two halves. `render_draft` is pure: a template and plain values in, subject and text
out. `draft_values` reads the case (decision, remedies, disciplinary measure) and
turns it into those values, dates and amounts written the way the language writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.template import Context, Engine, TemplateSyntaxError

from .wording import (
    BENGALI_DIGITS,
    BUDDHIST_ERA_OFFSET,
    MONTHS,
    REMEDY_SENTENCES,
    REMEDY_WHAT,
    STAFF_MEASURE,
)

# What a template may use. Every value is plain text; the template is not HTML.
PLACEHOLDERS = {
    "customer_name": "The customer's name (or the contact person of an organisation).",
    "reference": "The complaint's reference number.",
    "complaint_date": "The date the complaint was received, written in the letter's language.",
    "subject": "The complaint's subject.",
    "reasons": "The reasons of the decision.",
    "root_cause": "What went wrong and why (justified and partly justified).",
    "remedies": "One line per open remedy, with its amount and due date.",
    "prevention": "The measures against a recurrence, as the handler wrote them.",
    "staff_measure": "A sentence that the employee at fault has been dealt with, if so.",
    "third_party_name": "The party the customer is referred to.",
    "third_party_contact": "How to reach that party.",
    "reply_by": "The date by which the customer hears back (holding reply).",
    "resolution": "How the complaint was resolved (summary resolution).",
}

# No loaders and no extra libraries: a template sees only the plain strings it is given.
_ENGINE = Engine(autoescape=False, libraries={}, loaders=[], debug=False)


def _template(source: str) -> Any:
    return _ENGINE.from_string(source)


def template_errors(subject: str, body: str) -> dict[str, list[str]]:
    """What is wrong with an administrator's template, per field (empty when fine)."""
    errors: dict[str, list[str]] = {}
    for name, source in (("subject", subject), ("body", body)):
        try:
            compiled = _template(source)
        except TemplateSyntaxError as error:
            errors[name] = [str(error)]
            continue
        unknown = sorted(_variables(compiled) - PLACEHOLDERS.keys())
        if unknown:
            errors[name] = [
                "Unknown placeholders: "
                + ", ".join(unknown)
                + ". Known: "
                + ", ".join(sorted(PLACEHOLDERS))
            ]
    return errors


def _variables(compiled: Any) -> set[str]:
    from django.template.base import VariableNode
    from django.template.defaulttags import IfNode

    names: set[str] = set()
    for node in compiled.nodelist.get_nodes_by_type(VariableNode):
        names.add(str(node.filter_expression.var).split(".")[0])
    for node in compiled.nodelist.get_nodes_by_type(IfNode):
        for condition, _nodelist in node.conditions_nodelists:
            text = str(getattr(condition, "value", "") or "")
            for token in re.findall(r"[a-z_]+", text):
                names.add(token)
    return {n for n in names if n not in ("None", "True", "False", "and", "or", "not")}


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    joined = "\n".join(lines)
    joined = re.sub(r"\n{3,}", "\n\n", joined)
    return joined.strip()


def render_draft(subject: str, body: str, values: dict[str, str]) -> tuple[str, str]:
    """Fill a template with the case's values; paragraphs without data drop out."""
    context = Context({name: values.get(name, "") for name in PLACEHOLDERS}, autoescape=False)
    rendered_subject = " ".join(_template(subject).render(context).split())
    return rendered_subject, _tidy(_template(body).render(context))


# --- Dates and amounts, as each language writes them ----------------------------------


def format_date(value: date, language: str) -> str:
    """A date as a letter in that language writes it: 3 March 2026, 3. ožujka 2026., …"""
    month = MONTHS.get(language, MONTHS["en"])[value.month - 1][0]
    if language == "en":
        return f"{value.day} {month.capitalize()} {value.year}"
    if language == "hr":
        return f"{value.day}. {month} {value.year}."
    if language == "th":
        return f"{value.day} {month} {value.year + BUDDHIST_ERA_OFFSET}"
    if language == "bn":
        return f"{value.day} {month} {value.year}".translate(BENGALI_DIGITS)
    return f"{value.day} {month} {value.year}"


def format_amount(amount: Decimal, currency: str, language: str) -> str:
    text = f"{amount:.2f}"
    if language in ("hr", "sv"):
        text = text.replace(".", ",")
    if language == "bn":
        text = text.translate(BENGALI_DIGITS)
    return f"{text} {currency}".strip()


@dataclass(frozen=True)
class RemedyLine:
    kind: str
    due_on: date
    amount: Decimal | None = None
    currency: str = ""
    description: str = ""


def remedy_sentences(remedies: list[RemedyLine], language: str) -> str:
    """One promise per remedy, with its date, as a list the letter can carry."""
    sentences = REMEDY_SENTENCES[language]
    defaults = REMEDY_WHAT[language]
    lines = []
    for remedy in remedies:
        pattern = sentences.get(remedy.kind)
        if pattern is None:  # an apology alone is not a remedy to schedule
            continue
        amount = (
            format_amount(remedy.amount, remedy.currency, language)
            if remedy.amount is not None
            else ""
        )
        what = remedy.description.strip().rstrip(".") or defaults.get(remedy.kind, "")
        line = pattern.format(amount=amount, date=format_date(remedy.due_on, language), what=what)
        lines.append("– " + line)
    return "\n".join(lines)


# --- From the case ---------------------------------------------------------------------


def draft_values(
    complaint: Any, *, language: str, prevention: str = "", today: date | None = None
) -> dict[str, str]:
    """The values of a new draft, read from the case."""
    from django.utils import timezone

    from redress.investigations.models import DisciplinaryMeasure
    from redress.investigations.selectors import live_decision
    from redress.remedies.models import OPEN_REMEDY, Remedy

    today = today or timezone.localdate()
    decision = live_decision(complaint)
    remedies = [
        RemedyLine(r.kind, r.due_on, r.amount, r.currency, r.description)
        for r in Remedy.objects.filter(complaint=complaint, status__in=OPEN_REMEDY).order_by(
            "due_on", "id"
        )
    ]
    received = timezone.localtime(complaint.received_at).date()
    values = {
        "customer_name": complaint.customer.addressee,
        "reference": complaint.reference,
        "complaint_date": format_date(received, language),
        "subject": complaint.subject,
        "reasons": decision.reasons if decision else "",
        "root_cause": decision.root_cause if decision else "",
        "remedies": remedy_sentences(remedies, language),
        "prevention": prevention.strip(),
        "staff_measure": (
            STAFF_MEASURE[language]
            if DisciplinaryMeasure.objects.filter(complaint=complaint).exists()
            else ""
        ),
        "third_party_name": decision.third_party_name if decision else "",
        "third_party_contact": decision.third_party_contact if decision else "",
        "reply_by": format_date(max(complaint.reply_due_on or today, today), language),
        "resolution": _resolution(complaint, decision),
    }
    return {
        k: _sentence(v) if k in ("reasons", "root_cause", "prevention") else v
        for k, v in values.items()
    }


def _sentence(text: str) -> str:
    """A value that stands as a sentence ends like one."""
    text = text.strip()
    if text and text[-1] not in ".!?।" and not ("\u0e00" <= text[-1] <= "\u0e7f"):
        text += "."
    return text


def _resolution(complaint: Any, decision: Any) -> str:
    from redress.complaints.lifecycle import Status
    from redress.complaints.models import EventKind

    if complaint.resolved_at_first_contact:
        event = (
            complaint.events.filter(kind=EventKind.STATUS, to_status=Status.CLOSED)
            .order_by("-created_at", "-id")
            .first()
        )
        if event is not None and event.note:
            return _sentence(event.note)
    return _sentence(decision.reasons) if decision else ""
