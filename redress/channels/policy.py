"""The public complaint policy and the paper questionnaire, built from configuration:
the organisation (settings and the letter settings), the channels, the category tree
and the limits of the ACTIVE default deadline policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from redress.complaints.models import Category
from redress.deadlines.models import DeadlineKind, DeadlinePolicy, DeadlineUnit

STEP_KINDS = [
    DeadlineKind.ACKNOWLEDGE,
    DeadlineKind.ASSIGN,
    DeadlineKind.SUMMARY_RESOLUTION,
    DeadlineKind.RESPONSE,
]


@dataclass
class Organisation:
    name: str
    address: str = ""
    contact: str = ""
    email: str = ""
    phone: str = ""


@dataclass
class Limit:
    kind: str
    label: str
    text: str
    optional: bool = False


@dataclass
class CategoryNode:
    label: str
    children: list[str] = field(default_factory=list)


def organisation() -> Organisation:
    from redress.letters.models import OrganisationLetterSettings

    letterhead = OrganisationLetterSettings.objects.order_by("pk").first()
    return Organisation(
        name=(letterhead.name if letterhead else "") or settings.REDRESS_ORGANISATION_NAME,
        address=letterhead.address if letterhead else "",
        contact=letterhead.contact if letterhead else "",
        email=settings.REDRESS_COMPLAINTS_EMAIL,
        phone=settings.REDRESS_COMPLAINTS_PHONE,
    )


def active_policy() -> DeadlinePolicy | None:
    return (
        DeadlinePolicy.objects.filter(is_default=True, is_active=True)
        .prefetch_related("rules")
        .first()
    )


def amount_text(amount: int, unit: str) -> str:
    if unit == DeadlineUnit.BUSINESS_HOURS:
        return ngettext("%(n)d business hour", "%(n)d business hours", amount) % {"n": amount}
    if unit == DeadlineUnit.BUSINESS_DAYS:
        return ngettext("%(n)d business day", "%(n)d business days", amount) % {"n": amount}
    return ngettext("%(n)d calendar day", "%(n)d calendar days", amount) % {"n": amount}


def limits(policy: DeadlinePolicy | None) -> list[Limit]:
    """The handling steps' time limits, in the order a complaint meets them."""
    if policy is None:
        return []
    rules = {r.kind: r for r in policy.rules.all()}
    out = []
    for kind in STEP_KINDS:
        rule = rules.get(kind)
        if rule is None:
            continue
        text = _("within %(limit)s") % {"limit": amount_text(rule.amount, rule.unit)}
        if rule.extended_amount:
            text += " " + _("(at most %(limit)s if we write to explain why we need more time)") % {
                "limit": amount_text(rule.extended_amount, rule.unit)
            }
        out.append(Limit(kind, str(DeadlineKind(kind).label), text, rule.is_optional))
    return out


def category_tree(language: str | None = None) -> list[CategoryNode]:
    categories = list(Category.objects.filter(is_active=True).order_by("position", "name_en"))
    children: dict[int, list[Category]] = {}
    for c in categories:
        if c.parent_id:
            children.setdefault(c.parent_id, []).append(c)
    return [
        CategoryNode(c.label(language), [k.label(language) for k in children.get(c.pk, [])])
        for c in categories
        if c.parent_id is None
    ]


def policy_context() -> dict[str, Any]:
    policy = active_policy()
    return {
        "org": organisation(),
        "policy": policy,
        "limits": limits(policy),
        "categories": category_tree(),
        "policy_languages": settings.LANGUAGES,
    }


# --- The paper questionnaire ------------------------------------------------------------

FONT_FAMILIES = ("Noto Sans", "Noto Sans Thai", "Noto Sans Bengali")


def _css() -> str:
    families = ", ".join(f'"{f}"' for f in FONT_FAMILIES)
    return f"""
@page {{ size: A4; margin: 16mm 16mm 18mm 16mm;
  @bottom-center {{ content: counter(page) " / " counter(pages); font: 8pt {families}; }} }}
html {{ font-family: {families}, sans-serif; font-size: 10pt; line-height: 1.45; color: #111; }}
h1 {{ font-size: 15pt; margin: 0 0 1mm; color: #1d3557; }}
h2 {{ font-size: 11pt; margin: 5mm 0 2mm; border-bottom: .8pt solid #1d3557; }}
.org {{ font-size: 9pt; color: #444; white-space: pre-line; margin-bottom: 3mm; }}
.box {{ display: inline-block; width: 3.6mm; height: 3.6mm; border: .8pt solid #111;
  vertical-align: -0.6mm; margin-right: 2mm; }}
.cats {{ columns: 2; column-gap: 8mm; }}
.cat {{ break-inside: avoid; margin-bottom: 2mm; }}
.cat .sub {{ margin-left: 6mm; }}
.line {{ border-bottom: .6pt solid #777; height: 8mm; }}
.field {{ display: flex; gap: 3mm; align-items: flex-end; margin-bottom: 1mm; }}
.field .label {{ width: 45mm; }}
.field .line {{ flex: 1; }}
.free {{ border: .8pt solid #111; height: 70mm; }}
.note {{ font-size: 8.5pt; color: #333; }}
"""


def questionnaire_html(language: str) -> str:
    """The questionnaire as HTML, in `language`; every configured text is escaped."""
    from django.template.loader import render_to_string

    with translation.override(language):
        return render_to_string(
            "channels/questionnaire_pdf.html",
            {
                "css": _css(),
                "language": language,
                "org": organisation(),
                "categories": category_tree(language),
            },
        )


def render_questionnaire_pdf(language: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=questionnaire_html(language)).write_pdf())


__all__ = ["policy_context", "questionnaire_html", "render_questionnaire_pdf"]
