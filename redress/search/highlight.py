"""A snippet of untrusted text around the first match, escaped first, then marked."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 160


def _pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def snippet(text: str, terms: Sequence[str], *, width: int = WIDTH) -> SafeString:
    """About `width` characters of `text` around the first match, matches in <mark>.

    Every piece of the customer's text goes through `escape()` before the <mark>
    tags are put around it, so markup in a complaint is shown, never run.
    """
    pattern = _pattern(terms)
    text = " ".join(text.split())
    first = pattern.search(text) if pattern else None
    if first is None:
        cut = text[:width]
        return mark_safe(escape(cut) + ("…" if len(text) > width else ""))
    start = max(0, first.start() - width // 3)
    end = min(len(text), start + width)
    window = text[start:end]
    out: list[str] = ["…"] if start else []
    pos = 0
    assert pattern is not None
    for match in pattern.finditer(window):
        out.append(escape(window[pos : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        pos = match.end()
    out.append(escape(window[pos:]))
    if end < len(text):
        out.append("…")
    return mark_safe("".join(out))
