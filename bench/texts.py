"""Real complaint texts in the five languages, read from the shared test material.

English: CFPB consumer narratives. Thai: the Wisesight negative messages (many of them
complaints about brands and services). Bengali, Croatian and Swedish: the demo scenarios
shipped with Redress (redress/complaints/demo_texts.py).
"""

from __future__ import annotations

import csv
import os
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_BESIDE = REPO.parent / "shared" / "data"
DATA = Path(
    os.environ.get("REDRESS_SHARED_DATA")
    or (_BESIDE if _BESIDE.is_dir() else Path("/work/shared/data"))
)
LANGUAGES = ("en", "th", "bn", "hr", "sv")
# Shares of the generated complaints per language (English and Thai have real corpora).
LANGUAGE_WEIGHTS = (40, 25, 12, 12, 11)


@dataclass(frozen=True)
class Text:
    subject: str
    description: str
    category: str = ""  # a Category code when the source names one


def _subject_from(text: str, limit: int = 80) -> str:
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0]
    first = " ".join(first.split())
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


@cache
def english() -> list[Text]:
    csv.field_size_limit(sys.maxsize)
    out = []
    with open(DATA / "cfpb" / "complaints_dev_3000.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            narrative = (row.get("Consumer complaint narrative") or "").strip()
            if len(narrative) < 40:
                continue
            subject = (row.get("Issue") or "").strip() or _subject_from(narrative)
            out.append(Text(subject[:200], narrative))
    return out


@cache
def thai() -> list[Text]:
    out = []
    path = DATA / "thai" / "wisesight_negative_dev.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if len(line) < 20:
            continue
        out.append(Text(_subject_from(line, 60)[:200], line))
    return out


@cache
def demo(language: str) -> list[Text]:
    from redress.complaints.demo_texts import SCENARIOS

    return [
        Text(subject, description, category)
        for category, _claim, _product, subject, description, _outcome in SCENARIOS[language]
    ]


def corpus(language: str) -> list[Text]:
    if language == "en":
        return english()
    if language == "th":
        return thai()
    return demo(language)


# Common: in about 2 % (Thai) to 58 % (English) of the source texts; rare: in one or two.
# Thai has no spaces: both Thai words are found inside sentences.
SEARCH_WORDS = {
    "English, common (“credit”)": "credit",
    "English, rare (“directives”)": "directives",
    "Thai, common (“พนักงาน”, staff)": "พนักงาน",
    "Thai, rare (“โรงพยาบาล”, hospital)": "โรงพยาบาล",
}


def search_words() -> dict[str, str]:
    return dict(SEARCH_WORDS)
