"""The public complaint policy page and the paper questionnaire (PDF) for the counter."""

import re
import subprocess

import pytest
from django.urls import reverse

from redress.complaints.models import Category
from redress.deadlines.models import DeadlineKind, DeadlinePolicy, DeadlineRule

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "th", "bn", "hr", "sv"]


def test_the_policy_takes_its_limits_from_the_active_default_policy(client, settings):
    settings.REDRESS_COMPLAINTS_EMAIL = "complaints@shop.example"
    policy = DeadlinePolicy.objects.get(is_default=True)
    response = client.get(reverse("channels:policy"))
    assert response.status_code == 200
    body = response.content.decode()
    rules = {r.kind: r for r in policy.rules.all()}
    response_rule = rules[DeadlineKind.RESPONSE]
    assert f"within {response_rule.amount} " in body
    assert "complaints@shop.example" in body
    assert 'data-testid="anonymous"' in body
    assert "cannot handle anonymous complaints" in body
    # Change the rule in the admin's place: the page follows.
    DeadlineRule.objects.filter(pk=response_rule.pk).update(amount=17)
    assert "within 17 " in client.get(reverse("channels:policy")).content.decode()


def test_an_inactive_default_policy_is_not_published(client):
    DeadlinePolicy.objects.filter(is_default=True).update(is_active=False)
    body = client.get(reverse("channels:policy")).content.decode()
    assert 'data-testid="policy-limits"' not in body
    assert "as quickly as we can" in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_policy_follows_the_language_switch(client, language):
    client.post(reverse("set_language"), {"language": language, "next": "/policy/"})
    body = client.get(reverse("channels:policy")).content.decode()
    assert f'<html lang="{language}">' in body
    for code in LANGUAGES:
        assert reverse("channels:questionnaire", args=[code]) in body


def test_the_public_footer_links_the_policy(client):
    body = client.get(reverse("channels:complaint_form")).content.decode()
    assert f'href="{reverse("channels:policy")}"' in body


def test_an_unknown_questionnaire_language_is_not_found(client):
    assert client.get("/policy/questionnaire.xx.pdf").status_code == 404


def _pdf(client, language, tmp_path):
    response = client.get(reverse("channels:questionnaire", args=[language]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / f"q-{language}.pdf"
    path.write_bytes(response.content)
    return path


def _text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _fonts(path) -> str:
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout


def test_the_english_questionnaire_has_tick_boxes_per_category_and_contact_fields(client, tmp_path):
    text = _text(_pdf(client, "en", tmp_path))
    squashed = re.sub(r"\s+", " ", text)
    for category in Category.objects.filter(is_active=True):
        assert category.label("en") in squashed
    for label in ["Full name", "Email", "Phone", "Postal address", "What happened?"]:
        assert label in squashed


@pytest.mark.parametrize(("language", "script"), [("th", "Thai"), ("bn", "Bengali")])
def test_the_thai_and_bengali_questionnaires_carry_their_script_in_embedded_noto_fonts(
    client, tmp_path, language, script
):
    path = _pdf(client, language, tmp_path)
    fonts = _fonts(path)
    assert re.search(f"Noto-?Sans-?{script}", fonts)
    # Every font in the file is embedded (the "emb" column says yes).
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all("yes" in row[-5:-2] for row in rows)
    text = _text(path)
    block = r"\u0E00-\u0E7F" if language == "th" else r"\u0980-\u09FF"
    # pdftotext gives complex scripts back imperfectly (see RECIPES.md), so compare
    # the script's letters rather than exact words: the category names are there.
    found = set(re.findall(f"[{block}]", text))
    expected = {
        ch
        for c in Category.objects.filter(is_active=True)
        for ch in re.findall(f"[{block}]", c.label(language))
    }
    assert expected, "the categories are named in this language"
    assert len(found & expected) >= 0.8 * len(expected)


def test_staff_enter_a_returned_questionnaire_through_the_intake_form(client, staff, category):
    from redress.complaints.models import Complaint

    client.force_login(staff["intake"])
    page = client.get(reverse("complaints:intake")).content.decode()
    assert 'value="questionnaire"' in page
    response = client.post(
        reverse("complaints:intake"),
        {
            "channel": "questionnaire",
            "kind": "individual",
            "full_name": "Somchai Jaidee",
            "phone": "+66 2 123 4567",
            "preferred_language": "th",
            "subject": "Counter questionnaire",
            "description": "The queue at the counter took an hour.",
            "category": category.pk,
            "language": "th",
            "priority": "normal",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    complaint = Complaint.objects.get()
    assert complaint.channel == "questionnaire"
    assert complaint.intake_by == staff["intake"]
