"""Compare two versions of a letter, word by word (character by character in Thai)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\n|[^\S\n]+|[\w\u0980-\u09ff]+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Piece:
    op: str  # "same", "added" or "removed"
    text: str


def _tokens(text: str, language: str) -> list[str]:
    if language == "th":
        return list(text)  # no spaces between Thai words: compare characters
    return _TOKEN.findall(text)


def compare(old: str, new: str, language: str) -> list[Piece]:
    """The pieces of `new` against `old`: unchanged, added and removed runs, in order."""
    a, b = _tokens(old, language), _tokens(new, language)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(Piece("removed", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(Piece("added", "".join(b[j1:j2])))
    return pieces
