"""The letter checker: the eleven letter rules of SPEC.md, for every letter language.

Pure: no database, no settings, no clock (the caller passes `today`). `check()` returns
findings, each with the rule's number as SPEC.md numbers them (1 to 11), a severity
("error" blocks approval, "warning" is a style finding), the offending span as
[start, end) offsets in code points into the text as given, the offending words, and
an explanation with a suggestion. Messages are lazy translations, so they read in the
language of whoever looks at them; the suggestions quote examples in the letter's
language.

What the checker can and cannot know: it reads words, not meaning. It looks for the
phrases a careful complaint professional would use or avoid (wording.py) and keeps
its errors to what those phrases show for certain; everything a reader must judge
is a warning.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .wording import (
    BUDDHIST_ERA_OFFSET,
    MONTHS,
    TH_NOT_CONTRASTIVE_AFTER,
    TH_NOT_CONTRASTIVE_BEFORE,
    WORDING,
    Wording,
)

ERROR = "error"
WARNING = "warning"

OUTCOMES = (
    "justified",
    "partly_justified",
    "not_justified",
    "outside",
    "holding",
    "summary_resolution",
)
UPHELD = ("justified", "partly_justified")


@dataclass
class Finding:
    rule: int
    severity: str
    code: str
    start: int
    end: int
    words: str
    message: str | Promise
    suggestion: str | Promise = ""

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["message"] = str(self.message)
        data["suggestion"] = str(self.suggestion)
        return data


@dataclass(frozen=True)
class Context:
    """What the case tells the checker beyond the text; all of it optional."""

    third_party_name: str = ""


# --- Matching ------------------------------------------------------------------------

# Letters and the marks that belong to them: a word boundary must not fall inside these.
_WORD_CHARS = r"\w\u0980-\u09ff\u0e00-\u0e7f"

# Two spellings of the same text that NFC does not unify: Bengali nukta letters, and
# Thai sara am typed as nikhahit + sara aa.
_EQUIVALENT = {
    "\u09df": "(?:\u09df|\u09af\u09bc)",
    "\u09dc": "(?:\u09dc|\u09a1\u09bc)",
    "\u09dd": "(?:\u09dd|\u09a2\u09bc)",
    "\u0e33": "(?:\u0e33|\u0e4d\u0e32)",
}


def _phrase_pattern(phrase: str) -> str:
    text = unicodedata.normalize("NFC", phrase.rstrip("*"))
    # NFC splits য় into য + nukta; put the one-letter forms back before escaping.
    text = text.replace("\u09af\u09bc", "\u09df").replace("\u09a1\u09bc", "\u09dc")
    text = text.replace("\u09a2\u09bc", "\u09dd")
    parts = []
    for char in text:
        if char in _EQUIVALENT:
            parts.append(_EQUIVALENT[char])
        elif char == " ":
            parts.append(r"\s+")
        elif char == "'":
            parts.append("['\u2019]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


@cache
def _matcher(language: str, phrases: tuple[str, ...], case_sensitive: bool = False) -> re.Pattern:
    """One regex for a list of phrases, longest first, with the language's boundaries."""
    ordered = sorted(phrases, key=lambda p: -len(p))
    alternatives = []
    for phrase in ordered:
        stem = phrase.endswith("*")
        body = _phrase_pattern(phrase)
        if language == "th":
            alternatives.append(body)  # Thai: substrings, no spaces between words
        elif stem:
            alternatives.append(f"(?<![{_WORD_CHARS}]){body}[{_WORD_CHARS}]*")
        else:
            alternatives.append(f"(?<![{_WORD_CHARS}]){body}(?![{_WORD_CHARS}])")
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile("|".join(f"(?:{a})" for a in alternatives), flags)


def _find(
    language: str, phrases: tuple[str, ...], text: str, start: int = 0, end: int | None = None
) -> list[re.Match[str]]:
    if not phrases:
        return []
    pattern = _matcher(language, phrases)
    return list(pattern.finditer(text, start, len(text) if end is None else end))


def _has(language: str, phrases: tuple[str, ...], text: str) -> bool:
    return bool(phrases) and _matcher(language, phrases).search(text) is not None


# --- The shape of a letter -----------------------------------------------------------


@dataclass
class Block:
    """A paragraph or a sentence: its text and where it starts in the letter."""

    start: int
    end: int
    text: str


@dataclass
class Shape:
    paragraphs: list[Block]
    salutation: Block | None
    opening: Block | None
    body: list[Block]  # the paragraphs between the salutation and the sign-off
    closing: list[Block]  # the last two paragraphs of the body
    signoff_start: int
    sentences: list[Block] = field(default_factory=list)


def _paragraphs(text: str) -> list[Block]:
    blocks = []
    for match in re.finditer(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*$)", text, re.DOTALL):
        blocks.append(Block(match.start(), match.end(), match.group()))
    return blocks


def _sentences(language: str, paragraph: Block) -> list[Block]:
    """Sentences of a paragraph; every line is a sentence too (lists of remedies)."""
    if language == "th":
        # Thai ends a sentence with a space, which it also uses inside one: go by lines.
        splitter = re.compile(r"[^\n]+")
    elif language == "bn":
        splitter = re.compile(r"[^\n।!?]+[।!?]*")
    else:
        # A full stop ends a sentence unless a digit follows it (12.3.2026, 49.90).
        splitter = re.compile(r"(?:[^\n.!?]|\.(?=\d)|\.(?=\S))+[.!?]*")
    out = []
    for match in splitter.finditer(paragraph.text):
        chunk = match.group()
        stripped = chunk.strip()
        if not stripped:
            continue
        offset = paragraph.start + match.start() + (len(chunk) - len(chunk.lstrip()))
        out.append(Block(offset, offset + len(stripped), stripped))
    return out


def _is_salutation(wording: Wording, language: str, block: Block) -> bool:
    first_line = block.text.split("\n", 1)[0]
    if len(first_line) > 80:
        return False
    starts = _matcher(language, wording.salutation).match(first_line) is not None
    return starts or (first_line.rstrip().endswith((",", ":")) and "\n" not in block.text)


def _is_signoff(wording: Wording, language: str, block: Block) -> bool:
    first_line = block.text.split("\n", 1)[0].strip().rstrip(",.")
    return len(first_line) <= 40 and _has(language, wording.signoff, first_line)


def letter_shape(text: str, language: str) -> Shape:
    wording = WORDING[language]
    paragraphs = _paragraphs(text)
    rest = list(paragraphs)
    salutation = None
    if rest and _is_salutation(wording, language, rest[0]):
        salutation = rest.pop(0)
    signoff_start = len(text)
    for i, block in enumerate(rest):
        if _is_signoff(wording, language, block):
            signoff_start = block.start
            rest = rest[:i]
            break
    opening = rest[0] if rest else None
    closing = rest[-2:] if len(rest) > 1 else []
    shape = Shape(paragraphs, salutation, opening, rest, closing, signoff_start)
    shape.sentences = [s for p in rest for s in _sentences(language, p)]
    return shape


# --- Dates ---------------------------------------------------------------------------


@dataclass
class FoundDate:
    start: int
    end: int
    value: date | None  # None: written like a date, but no such day


def _month_alternatives(language: str) -> tuple[str, dict[str, int]]:
    names: dict[str, int] = {}
    for number, spellings in enumerate(MONTHS[language], start=1):
        for spelling in spellings:
            names[spelling.lower()] = number
    ordered = sorted(names, key=len, reverse=True)
    return "|".join(re.escape(n) for n in ordered), names


@cache
def _date_patterns(language: str) -> list[tuple[re.Pattern[str], str]]:
    months, _names = _month_alternatives(language)
    d = r"(?P<d>\d{1,2})"
    y = r"(?P<y>\d{4})"
    m_name = f"(?P<mn>{months})"
    gap = r"\s*" if language == "th" else r"\s+"
    era = r"(?:(?:พ\.ศ\.|ค\.ศ\.)\s*)?" if language == "th" else ""
    patterns = [
        (rf"(?<!\d){y}-(?P<m>\d{{1,2}})-{d}(?!\d)", "ymd"),
        (rf"(?<!\d){d}\.?\s*[./-]\s*(?P<m>\d{{1,2}})\s*[./-]\s*{y}\.?(?!\d)", "dmy"),
        (rf"(?<!\d){d}\.?(?:st|nd|rd|th)?(?:\s+of)?{gap}{m_name}\.?,?{gap}{era}{y}\.?", "dmy"),
        (rf"(?<![{_WORD_CHARS}]){m_name}\.?\s+{d}(?:st|nd|rd|th)?,?\s+{y}", "mdy"),
        # No year: read as the nearest such day (see _infer_year).
        (rf"(?<!\d){d}\.?(?:st|nd|rd|th)?(?:\s+of)?{gap}{m_name}(?![{_WORD_CHARS}])", "dm"),
    ]
    if language == "en":
        patterns.append((rf"(?<![{_WORD_CHARS}]){m_name}\s+{d}(?:st|nd|rd|th)?(?!\d)", "md"))
    boundary = "" if language == "th" else f"(?![{_WORD_CHARS}])"
    compiled = []
    for source, kind in patterns:
        if kind in ("dmy", "mdy") and "mn" in source and not source.endswith(")"):
            source = source + boundary
        compiled.append((re.compile(source, re.IGNORECASE), kind))
    return compiled


def _infer_year(day: int, month: int, today: date) -> date | None:
    """A date written without a year: this year's, unless that was over half a year ago."""
    try:
        candidate = date(today.year, month, day)
    except ValueError:
        return None
    if candidate < today - timedelta(days=183):
        try:
            candidate = date(today.year + 1, month, day)
        except ValueError:
            return None
    return candidate


def find_dates(text: str, language: str, today: date) -> list[FoundDate]:
    """Every date written in the text, in the language's common formats and digits."""
    _months, names = _month_alternatives(language)
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern, _kind in _date_patterns(language):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            groups = match.groupdict()
            day = int(groups["d"])
            month = int(groups["m"]) if groups.get("m") else names[groups["mn"].lower()]
            value: date | None
            if groups.get("y"):
                year = int(groups["y"])
                if year > 2400:  # Buddhist era
                    year -= BUDDHIST_ERA_OFFSET
                try:
                    value = date(year, month, day)
                except ValueError:
                    value = None
            else:
                value = _infer_year(day, month, today)
            found.append(FoundDate(match.start(), match.end(), value))
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


# --- The rules -----------------------------------------------------------------------


def _span(match: re.Match[str]) -> tuple[int, int, str]:
    return match.start(), match.end(), match.group()


def _block_finding(block: Block | None, text: str, limit: int = 80) -> tuple[int, int, str]:
    if block is None:
        return 0, 0, ""
    end = min(block.end, block.start + limit)
    return block.start, end, text[block.start : end]


class _Checker:
    def __init__(self, text: str, language: str, outcome: str, today: date, context: Context):
        self.text = text
        self.language = language
        self.outcome = outcome
        self.today = today
        self.context = context
        self.w = WORDING[language]
        self.shape = letter_shape(text, language)
        self.body_end = self.shape.signoff_start
        self.findings: list[Finding] = []

    def add(
        self,
        rule: int,
        severity: str,
        code: str,
        span: tuple[int, int, str],
        message: str | Promise,
        suggestion: str | Promise = "",
    ) -> None:
        start, end, words = span
        self.findings.append(Finding(rule, severity, code, start, end, words, message, suggestion))

    def each(self, phrases: tuple[str, ...]) -> list[re.Match[str]]:
        return _find(self.language, phrases, self.text, 0, self.body_end)

    # Rule 1 -------------------------------------------------------------------------
    def rule_1_opening(self) -> None:
        opening = self.shape.opening
        if opening is None:
            self.add(
                1,
                ERROR,
                "empty_letter",
                (0, 0, ""),
                _("The letter has no text yet."),
                _("Start with thanks for the customer's letter, for example: “%(example)s”")
                % {"example": self.w.example_thanks},
            )
            return
        if not _has(self.language, self.w.thanks, opening.text):
            self.add(
                1,
                ERROR,
                "no_opening_thanks",
                _block_finding(opening, self.text),
                _(
                    "The first paragraph does not thank the customer for their letter or the "
                    "information."
                ),
                _("Open with thanks, for example: “%(example)s”")
                % {"example": self.w.example_thanks},
            )
        apologies = _find(self.language, self.w.apology, self.text, opening.start, opening.end)
        if self.outcome == "justified" and not apologies:
            self.add(
                1,
                ERROR,
                "no_apology",
                _block_finding(opening, self.text),
                _("The complaint is justified, yet the first paragraph does not apologise."),
                _("Apologise in the first paragraph, for example: “%(example)s”")
                % {"example": self.w.example_apology},
            )
        elif self.outcome == "partly_justified" and not apologies:
            self.add(
                1,
                WARNING,
                "no_apology",
                _block_finding(opening, self.text),
                _(
                    "The complaint is partly justified: an apology for that part belongs in the "
                    "first paragraph."
                ),
                _("For example: “%(example)s”") % {"example": self.w.example_apology},
            )
        elif self.outcome in ("holding", "not_justified") and apologies:
            self.add(
                1,
                WARNING,
                "apology_before_fault",
                _span(apologies[0]),
                _("No fault has been established, yet the opening apologises."),
                _(
                    "Thank the customer for the information instead; express regret for their "
                    "dissatisfaction where it fits."
                ),
            )

    # Rule 2 -------------------------------------------------------------------------
    def rule_2_cause_and_responsibility(self) -> None:
        if self.outcome not in UPHELD:
            return
        # The opening apologises "for the trouble this caused"; the cause comes after it.
        start = self.shape.opening.end if self.shape.opening else 0
        body = self.text[start : self.body_end]
        if not _has(self.language, self.w.cause, body):
            self.add(
                2,
                ERROR if self.outcome == "justified" else WARNING,
                "no_cause",
                _block_finding(
                    self.shape.body[1] if len(self.shape.body) > 1 else self.shape.opening,
                    self.text,
                ),
                _("The letter does not explain what caused the problem."),
                _("Say plainly what went wrong and why, and that it was our responsibility."),
            )
        for match in self.each(self.w.excuses):
            self.add(
                2,
                ERROR,
                "excuse",
                _span(match),
                _(
                    "“%(words)s” makes an excuse or shifts the blame, where the letter should "
                    "accept full responsibility."
                )
                % {"words": match.group()},
                _("Describe the cause as our own failing and say what we are doing about it."),
            )

    # Rule 3 -------------------------------------------------------------------------
    def rule_3_rejection(self) -> None:
        if self.outcome not in ("not_justified", "partly_justified"):
            return
        body = self.text[: self.body_end]
        reasons = self.each(self.w.reason)
        if not reasons:
            self.add(
                3,
                ERROR if self.outcome == "not_justified" else WARNING,
                "no_reason",
                _block_finding(
                    self.shape.body[1] if len(self.shape.body) > 1 else self.shape.opening,
                    self.text,
                ),
                _("The letter turns the complaint down without a concrete reason."),
                _(
                    "Give the concrete reason, for example that the warranty expired on a given "
                    "date, or what the inspection showed."
                ),
            )
        for match in self.each(self.w.vague_reason):
            self.add(
                3,
                WARNING,
                "vague_reason",
                _span(match),
                _("“%(words)s” is not a reason the customer can check.") % {"words": match.group()},
                _("Name the rule, the date or the fact that decides the case."),
            )
        if self.outcome != "not_justified":
            return
        regrets = self.each(self.w.regret)
        if not regrets:
            self.add(
                3,
                ERROR,
                "no_regret",
                _block_finding(self.shape.opening, self.text),
                _(
                    "The letter turns the complaint down without first expressing regret for the "
                    "customer's dissatisfaction."
                ),
                _("Before the reason, say that you regret the customer is dissatisfied."),
            )
        elif (
            reasons
            and reasons[0].start() < regrets[0].start()
            and _has(self.language, self.w.reason, body[: regrets[0].start()])
        ):
            self.add(
                3,
                WARNING,
                "reason_before_regret",
                _span(reasons[0]),
                _("The reason comes before the regret for the customer's dissatisfaction."),
                _("Express regret first, then give the reason."),
            )

    # Rule 4 -------------------------------------------------------------------------
    def rule_4_referral(self) -> None:
        if self.outcome != "outside":
            return
        body = self.text[: self.body_end]
        if not _has(self.language, self.w.referral, body):
            self.add(
                4,
                ERROR,
                "no_referral",
                _block_finding(self.shape.opening, self.text),
                _(
                    "Responsibility lies elsewhere, yet the letter does not refer the customer to "
                    "the party responsible."
                ),
                _(
                    "Name the party responsible (for example the manufacturer) and ask the "
                    "customer to contact them."
                ),
            )
        if not _CONTACT.search(_REFERENCE.sub(" ", body)):
            self.add(
                4,
                ERROR,
                "no_contact",
                _block_finding(self.shape.opening, self.text),
                _("The letter does not say how to reach the party responsible."),
                _("Give their email address, telephone number or web address."),
            )
        name = self.context.third_party_name.strip()
        if name and name.casefold() not in body.casefold():
            self.add(
                4,
                ERROR,
                "third_party_not_named",
                (0, 0, ""),
                _("The letter does not name %(party)s, to whom the customer is referred.")
                % {"party": name},
                _("Name them and say how to reach them."),
            )

    # Rule 5 -------------------------------------------------------------------------
    def rule_5_this_case_only(self) -> None:
        for match in self.each(self.w.others_praise):
            self.add(
                5,
                ERROR,
                "other_customers",
                _span(match),
                _("“%(words)s” cites other customers; the letter should discuss only this case.")
                % {"words": match.group()},
                _("Leave out what other customers think; speak to this customer's case."),
            )

    # Rule 6 -------------------------------------------------------------------------
    def rule_6_contrastive(self) -> None:
        for match in self.each(self.w.contrastive):
            if self.language == "th" and match.group() == "แต่" and self._thai_not_but(match):
                continue
            self.add(
                6,
                WARNING,
                "contrastive",
                _span(match),
                _(
                    "“%(words)s” sets one statement against another and reads as taking back what "
                    "came before."
                )
                % {"words": match.group()},
                _("Rephrase; where a contrast is needed, use “%(however)s”.")
                % {"however": self.w.however},
            )

    def _thai_not_but(self, match: re.Match[str]) -> bool:
        before = self.text[max(0, match.start() - 4) : match.start()]
        after = self.text[match.end() : match.end() + 4]
        return before.endswith(TH_NOT_CONTRASTIVE_BEFORE) or after.startswith(
            TH_NOT_CONTRASTIVE_AFTER
        )

    # Rule 7 -------------------------------------------------------------------------
    def rule_7_no_blame(self) -> None:
        for match in self.each(self.w.blame_traits):
            self.add(
                7,
                ERROR,
                "blames_customer",
                _span(match),
                _("“%(words)s” attributes the problem to the customer's traits.")
                % {"words": match.group()},
                _(
                    "Describe what happened, not what the customer is like; explain what would "
                    "help next time without blame."
                ),
            )

    # Rule 8 -------------------------------------------------------------------------
    def rule_8_remedy_dates(self) -> None:
        dates = find_dates(self.text, self.language, self.today)
        sentences = self.shape.sentences
        for i, sentence in enumerate(sentences):
            remedies = _find(self.language, self.w.remedy, self.text, sentence.start, sentence.end)
            if not remedies:
                continue
            if not _has(self.language, self.w.promise, sentence.text):
                continue
            if _has(self.language, self.w.request, sentence.text):
                continue
            in_sentence = [d for d in dates if sentence.start <= d.start < sentence.end]
            for found in in_sentence:
                if found.value is None:
                    self.add(
                        8,
                        ERROR,
                        "impossible_date",
                        (found.start, found.end, self.text[found.start : found.end]),
                        _("“%(words)s” is not a date that exists.")
                        % {"words": self.text[found.start : found.end]},
                        _("Check the day and the month."),
                    )
                elif found.value < self.today:
                    self.add(
                        8,
                        ERROR,
                        "date_in_the_past",
                        (found.start, found.end, self.text[found.start : found.end]),
                        _("The remedy is promised for %(words)s, which is before today.")
                        % {"words": self.text[found.start : found.end]},
                        _("Give a date from today on that the remedy can really be delivered by."),
                    )
            if in_sentence or self._negated(sentence.text):
                continue
            # A date in the next sentence of the same paragraph counts ("…by 3 March.").
            following = sentences[i + 1] if i + 1 < len(sentences) else None
            if (
                following is not None
                and "\n\n" not in self.text[sentence.end : following.start]
                and any(following.start <= d.start < following.end for d in dates)
            ):
                continue
            self.add(
                8,
                ERROR,
                "remedy_without_date",
                _span(remedies[0]),
                _("A remedy (“%(words)s”) is promised without a date.")
                % {"words": remedies[0].group()},
                _(
                    "Say by which date it will be done, and promise only what can be delivered by "
                    "then."
                ),
            )
        for match in self.each(self.w.vague_time):
            self.add(
                8,
                WARNING,
                "vague_time",
                _span(match),
                _("“%(words)s” is not a date the customer can hold us to.")
                % {"words": match.group()},
                _("Give a concrete date instead."),
            )

    def _negated(self, sentence: str) -> bool:
        for benign in self.w.benign_negation:
            sentence = re.sub(re.escape(benign), " ", sentence, flags=re.IGNORECASE)
        return _has(self.language, self.w.negation, sentence)

    # Rule 9 -------------------------------------------------------------------------
    def rule_9_prevention(self) -> None:
        if self.outcome not in UPHELD:
            return
        if _has(self.language, self.w.prevention, self.text[: self.body_end]):
            return
        self.add(
            9,
            ERROR if self.outcome == "justified" else WARNING,
            "no_prevention",
            _block_finding(self.shape.closing[0] if self.shape.closing else None, self.text),
            _("The letter does not describe what has been done to prevent a recurrence."),
            _("Add the measures taken, for example: “%(example)s”")
            % {"example": self.w.example_prevention},
        )

    # Rule 10 ------------------------------------------------------------------------
    def rule_10_closing(self) -> None:
        closing = self.shape.closing
        if not closing:
            if self.shape.opening is not None:
                self.add(
                    10,
                    ERROR,
                    "no_closing_thanks",
                    _block_finding(self.shape.opening, self.text),
                    _("The letter has no closing paragraph."),
                    _("Close with thanks for the feedback, for example: “%(example)s”")
                    % {"example": self.w.example_closing},
                )
            return
        text = "\n\n".join(b.text for b in closing)
        last = closing[-1]
        if not _has(self.language, self.w.thanks, text):
            self.add(
                10,
                ERROR,
                "no_closing_thanks",
                _block_finding(last, self.text),
                _("The letter does not close with thanks for the feedback."),
                _(
                    "Close with thanks and hope for a continued relationship, for example: "
                    "“%(example)s”"
                )
                % {"example": self.w.example_closing},
            )
        if self.outcome != "holding" and not _has(self.language, self.w.hope, text):
            self.add(
                10,
                WARNING,
                "no_closing_hope",
                _block_finding(last, self.text),
                _("The closing does not express hope for a continued relationship."),
                _("For example: “%(example)s”") % {"example": self.w.example_closing},
            )

    # Rule 11 ------------------------------------------------------------------------
    def rule_11_address(self) -> None:
        for match in self.each(self.w.informal):
            self.add(
                11,
                ERROR,
                "informal_address",
                _span(match),
                _("“%(words)s” addresses the customer informally.") % {"words": match.group()},
                _("Use the polite form of address throughout."),
            )
        if not self.w.inconsistent:
            return
        if self.language == "th":
            self._thai_particles()
            return
        pattern = _matcher(self.language, self.w.inconsistent, case_sensitive=True)
        for match in pattern.finditer(self.text, 0, self.body_end):
            if self._sentence_start(match.start()):
                continue
            self.add(
                11,
                WARNING,
                "inconsistent_address",
                _span(match),
                _INCONSISTENT[self.language] % {"words": match.group()},
                _("Address the customer the same way throughout the letter."),
            )

    def _sentence_start(self, index: int) -> bool:
        before = self.text[:index].rstrip()
        return not before or before.endswith((".", "!", "?", ":", "\n", "\u2013", "-", "“", '"'))

    def _thai_particles(self) -> None:
        female = _find("th", ("ค่ะ",), self.text, 0, self.body_end)
        male = _find("th", ("ครับ",), self.text, 0, self.body_end)
        if female and male:
            match = male[0] if male[0].start() > female[0].start() else female[0]
            self.add(
                11,
                WARNING,
                "inconsistent_address",
                _span(match),
                _("The letter mixes the polite particles ค่ะ and ครับ."),
                _("Formal letters leave them out; if used, use one of them throughout."),
            )

    def run(self) -> list[Finding]:
        self.rule_1_opening()
        self.rule_2_cause_and_responsibility()
        self.rule_3_rejection()
        self.rule_4_referral()
        self.rule_5_this_case_only()
        self.rule_6_contrastive()
        self.rule_7_no_blame()
        self.rule_8_remedy_dates()
        self.rule_9_prevention()
        self.rule_10_closing()
        self.rule_11_address()
        return sorted(self.findings, key=lambda f: (f.start, f.rule))


_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # email
    r"|(?:https?://|www\.)\S+"  # web
    r"|\b[\w-]+\.(?:com|org|net|hr|se|th|bd|co\.uk|eu)\b"  # bare domain
    r"|(?<![\w-])\+?\d[\d\s()/-]{6,}\d(?![\w-])"  # phone
)
# Complaint references and dates look like phone numbers; they are not a way to reach anyone.
_REFERENCE = re.compile(
    r"\b[A-Z]{2,}-\d{4}-\d+\b|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\.?"
)

_INCONSISTENT = {
    "sv": _(
        "“%(words)s” breaks the letter's modern “du”: write du, dig, din in lower case "
        "and do not switch to Ni."
    ),
    "hr": _(
        "“%(words)s”: Croatian letters write the polite Vi, Vas, Vam, Vaš with a capital letter."
    ),
    "en": _("“%(words)s” addresses the customer inconsistently."),
    "bn": _("“%(words)s” addresses the customer inconsistently."),
}


def check(
    text: str,
    *,
    language: str,
    outcome: str,
    today: date,
    context: Context | None = None,
) -> list[Finding]:
    """Check a letter against the eleven letter rules; findings in the order of the text."""
    if language not in WORDING:
        raise ValueError(f"no letter rules for language {language!r}")
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    return _Checker(text, language, outcome, today, context or Context()).run()


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def counts(findings: list[Finding]) -> tuple[int, int]:
    errors = sum(1 for f in findings if f.severity == ERROR)
    return errors, len(findings) - errors
