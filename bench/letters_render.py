"""Letter rendering time per language, warm, and PDF text extraction per engine.

    .venv/bin/python bench/letters_render.py            # render times (WeasyPrint)
    .venv/bin/python bench/letters_render.py --extract  # + pdftotext, WeasyPrint vs Chromium

Writes nothing; paste the numbers into docs/letters.md.
"""

from __future__ import annotations

import difflib
import os
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from redress.letters import pdf  # noqa: E402
from tests.letters.test_checker import LANGUAGES  # noqa: E402
from tests.letters.test_pdf import document  # noqa: E402

RUNS = 10


def render_times() -> None:
    print("language  first (s)  warm median (s)  warm max (s)  size (KB)")
    for language in LANGUAGES:
        doc = document(language)
        start = time.perf_counter()
        data = pdf.render_pdf(doc)
        first = time.perf_counter() - start
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            pdf.render_pdf(doc)
            times.append(time.perf_counter() - start)
        print(
            f"{language:8}  {first:9.3f}  {statistics.median(times):15.3f}  {max(times):12.3f}"
            f"  {len(data) / 1024:9.1f}"
        )


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _extract(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def extraction() -> None:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    print("language  engine      exact  similarity  body words found")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()
        for language in LANGUAGES:
            doc = document(language)
            expected = _normal(doc.body)
            words = expected.split()
            weasy = Path(tmp) / f"{language}-weasy.pdf"
            weasy.write_bytes(pdf.render_pdf(doc))
            page.set_content(pdf.letter_html(doc))
            chrome = Path(tmp) / f"{language}-chrome.pdf"
            chrome.write_bytes(page.pdf(format="A4", print_background=True))
            for engine, path in (("weasyprint", weasy), ("chromium", chrome)):
                got = _normal(_extract(path))
                ratio = difflib.SequenceMatcher(a=expected, b=got, autojunk=False).ratio()
                body_exact = expected in got
                found = sum(1 for w in words if w in got) / len(words)
                print(f"{language:8}  {engine:10}  {body_exact!s:5}  {ratio:10.3f}  {found:16.1%}")
        browser.close()


if __name__ == "__main__":
    render_times()
    if "--extract" in sys.argv:
        extraction()
