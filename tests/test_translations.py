"""The Thai, Bengali, Croatian and Swedish catalogues are complete, sound and compiled.

Every check reads the committed files in redress/locale/: the .po a translator edits
and the .mo Django loads. `make messages` re-extracts and recompiles them.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "redress"
LOCALE_DIR = PACKAGE_DIR / "locale"
LANGUAGES = ["th", "bn", "hr", "sv"]
NPLURALS = {"th": 1, "bn": 2, "hr": 3, "sv": 2}

# Names and codes that stay as they are in every language.
SAME_IN_EVERY_LANGUAGE = {"Redress", "API"}
# Thai and Bengali text is in its own script; nothing else may read as English there.
SCRIPTS = {"th": re.compile("[\u0e00-\u0e7f]"), "bn": re.compile("[\u0980-\u09ff]")}
MAX_IDENTICAL_SHARE = 0.05

PLACEHOLDER = re.compile(
    r"%\((?P<named>\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifr]"  # %(name)s, %(count)d
    r"|%(?P<positional>[sdif])"  # %s, %d
    r"|\{\{\s*(?P<template>[\w.]+)\s*\}\}"  # {{ name }}
    r"|(?<!\{)\{(?P<brace>\w*)\}(?!\})"  # {name}, {}
)


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.mo"


def catalogue(lang: str) -> polib.POFile:
    path = po_path(lang)
    assert path.is_file(), f"{path} is missing: run `make messages`"
    return polib.pofile(str(path))


def live_entries(lang: str) -> list[polib.POEntry]:
    return [e for e in catalogue(lang) if not e.obsolete]


def label(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def placeholders(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for match in PLACEHOLDER.finditer(text):
        kind = match.lastgroup or ""
        found[f"{kind}:{match.group(kind)}"] += 1
    return found


def translations_of(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt or None, entry.msgid)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_exists_and_is_not_empty(lang):
    assert len(live_entries(lang)) > 100


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_forms_header_matches_the_language(lang):
    header = catalogue(lang).metadata.get("Plural-Forms", "")
    assert re.search(rf"nplurals\s*=\s*{NPLURALS[lang]}\s*;", header), header


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_is_translated(lang):
    missing = []
    for entry in live_entries(lang):
        forms = translations_of(entry)
        if entry.msgid_plural and len(forms) != NPLURALS[lang]:
            missing.append(f"{label(entry)} ({len(forms)} plural forms)")
        elif not all(form.strip() for form in forms):
            missing.append(label(entry))
    assert not missing, f"untranslated in {lang}: {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_entry_is_fuzzy(lang):
    po = catalogue(lang)
    fuzzy = [label(e) for e in po if "fuzzy" in e.flags and not e.obsolete]
    assert not fuzzy, f"fuzzy in {lang}: {fuzzy}"
    assert not po.metadata_is_fuzzy, f"the header of {lang} is marked fuzzy"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_kept(lang):
    wrong = []
    for entry in live_entries(lang):
        sources = [placeholders(entry.msgid)]
        if entry.msgid_plural:
            sources.append(placeholders(entry.msgid_plural))
        for form in translations_of(entry):
            if placeholders(form) not in sources:
                wrong.append(f"{label(entry)!r} -> {form!r}")
    assert not wrong, f"placeholders differ in {lang}: {wrong}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_is_up_to_date(lang):
    path = mo_path(lang)
    assert path.is_file(), f"{path} is missing: run `make messages`"
    compiled = {key(e): translations_of(e) for e in polib.mofile(str(path)) if e.msgid}
    source = {key(e): translations_of(e) for e in live_entries(lang)}
    assert compiled.keys() == source.keys(), (
        f"{lang} .mo is stale: run `make messages`; "
        f"only in .po: {sorted(map(str, source.keys() - compiled.keys()))}, "
        f"only in .mo: {sorted(map(str, compiled.keys() - source.keys()))}"
    )
    stale = [k for k in source if source[k] != compiled[k]]
    assert not stale, f"{lang} .mo differs from .po for {stale}: run `make messages`"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_are_not_copies_of_english(lang):
    entries = live_entries(lang)
    identical = [
        label(e)
        for e in entries
        if e.msgid not in SAME_IN_EVERY_LANGUAGE
        and any(form == e.msgid or form == e.msgid_plural for form in translations_of(e))
    ]
    assert len(identical) <= MAX_IDENTICAL_SHARE * len(entries), (
        f"{len(identical)} of {len(entries)} {lang} translations equal the English: {identical}"
    )
    script = SCRIPTS.get(lang)
    if script is not None:
        foreign = [
            label(e)
            for e in entries
            if e.msgid not in SAME_IN_EVERY_LANGUAGE
            and not all(script.search(form) for form in translations_of(e))
        ]
        assert not foreign, f"{lang} translations without {lang} script: {foreign}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_django_serves_the_translations(lang):
    po = catalogue(lang)
    plain = po.find("Send complaint")
    action = next(e for e in po if e.msgctxt == "action" and e.msgid == "Close")
    plural = next(e for e in po if e.msgid_plural)
    with translation.override(lang):
        assert translation.gettext("Send complaint") == plain.msgstr
        assert translation.pgettext("action", "Close") == action.msgstr
        many = translation.ngettext(plural.msgid, plural.msgid_plural, 7)
        assert many in translations_of(plural)


def test_extraction_finds_nothing_new(tmp_path, monkeypatch):
    """Re-running makemessages on a copy of the sources adds and drops no entry."""
    if not shutil.which("xgettext") or not shutil.which("msgmerge"):
        pytest.skip("GNU gettext is not installed")
    copy = tmp_path / "redress"
    shutil.copytree(
        PACKAGE_DIR,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "locale", "static", "*.pyc"),
    )
    target = copy / "locale" / "th" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(po_path("th"), target / "django.po")
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[]):
        call_command("makemessages", locale=["th"], no_obsolete=True, verbosity=0)
    fresh = {key(e) for e in polib.pofile(str(target / "django.po")) if not e.obsolete}
    committed = {key(e) for e in live_entries("th")}
    assert fresh == committed, (
        "the catalogues are out of date with the code: run `make messages` and translate; "
        f"new: {sorted(map(str, fresh - committed))}, gone: {sorted(map(str, committed - fresh))}"
    )
