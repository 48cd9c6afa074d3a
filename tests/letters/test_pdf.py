"""The letter PDF in all five languages: fonts embedded, every character covered, page 1 as PNG.

Text pulled out of a PDF cannot prove Thai or Bengali render (RECIPES.md: an empty box
still extracts as the right text, and WeasyPrint's ToUnicode map garbles complex
scripts). So these tests read the PDF's fonts: every font is embedded, and every
character of the letter is in the character map of an embedded Noto font. The PNG of
page 1 per language goes to test-artifacts/letters/ for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from redress.letters import composer, pdf, seed
from tests.letters.test_checker import CASE, LANGUAGES, letter

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "letters"
TOOLS = ("pdffonts", "pdftoppm", "pdfinfo", "fc-match")

pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in TOOLS), reason="poppler-utils and fontconfig are needed"
)


def document(language: str, layout: str = "block") -> pdf.LetterDocument:
    subject, _ = composer.render_draft(
        seed.SUBJECTS[language]["default"], "x", {"reference": "RD-2026-000123"}
    )
    return pdf.LetterDocument(
        language=language,
        layout=layout,
        organisation="Redress Demo Ltd",
        organisation_address="1 High Street\nLondon EC1A 1AA",
        organisation_contact="+44 20 7946 0000 · complaints@redress.example",
        date_text=composer.format_date(date(2026, 3, 2), language),
        reference="RD-2026-000123",
        recipient_name=CASE[language]["customer_name"],
        recipient_address="Đurđevac 12, Åkersberga",
        subject=subject,
        body=letter(language, "justified"),
        signer_name="Sara Lindgren",
        signer_title="Head of customer service",
    )


def letter_text(doc: pdf.LetterDocument) -> str:
    return "".join(
        [
            doc.organisation,
            doc.organisation_address,
            doc.organisation_contact,
            doc.date_text,
            doc.reference,
            doc.recipient_name,
            doc.recipient_address,
            doc.subject,
            doc.body,
            doc.signer_name,
            doc.signer_title,
            pdf.LABELS[doc.language]["reference"],
        ]
    )


@cache
def cmap_of(family: str) -> frozenset[int]:
    found, path = subprocess.run(
        ["fc-match", "-f", "%{family[0]}|%{file}", family],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("|", 1)
    assert found == family, f"font {family!r} is not installed (fontconfig gave {found!r})"
    return frozenset(TTFont(path, fontNumber=0, lazy=True).getBestCmap())


def embedded_families(path: Path) -> set[str]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    families = set()
    for line in out.stdout.splitlines()[2:]:
        name, *_rest = line.split()
        assert " yes " in line, f"font not embedded: {line}"
        base = name.split("+", 1)[-1].replace("-Bold", "").replace("-Regular", "")
        families.add(base.replace("-", " "))
    return families


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_character_of_the_letter_is_covered_by_an_embedded_font(language, tmp_path):
    doc = document(language, layout="semi_block" if language in ("sv", "th") else "block")
    data = pdf.render_pdf(doc)
    path = tmp_path / f"{language}.pdf"
    path.write_bytes(data)
    families = embedded_families(path)
    assert families <= set(pdf.FONT_FAMILIES), families
    covered = set().union(*(cmap_of(f) for f in families))
    text = unicodedata.normalize("NFC", letter_text(doc))
    missing = {c for c in text if not c.isspace() and ord(c) not in covered}
    assert not missing, f"no embedded glyph for {sorted(missing)} in {language}"
    if language == "th":
        assert "Noto Sans Thai" in families
    if language == "bn":
        assert "Noto Sans Bengali" in families
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(path),
            str(ARTIFACTS / language),
        ],
        check=True,
    )
    assert (ARTIFACTS / f"{language}.png").stat().st_size > 10_000


def test_pages_are_numbered_and_a_draft_is_marked_as_one(tmp_path):
    doc = document("en")
    long = pdf.LetterDocument(**{**doc.__dict__, "body": (doc.body + "\n\n") * 4, "draft": True})
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf.render_pdf(long))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Page 1 of 3" in text or "Page 1 of 2" in text
    assert "DRAFT" in text and "Our reference: RD-2026-000123" in text


def test_the_html_escapes_what_the_letter_says():
    doc = document("en")
    html = pdf.letter_html(pdf.LetterDocument(**{**doc.__dict__, "body": "<b>Dear</b> & co"}))
    assert "&lt;b&gt;Dear&lt;/b&gt; &amp; co" in html and "<b>Dear" not in html
