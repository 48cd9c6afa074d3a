"""The demo organisation: staff for every role, categories, ~200 complaints in every state."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal
from unittest import mock

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from redress.accounts.models import Team, User
from redress.accounts.roles import Role
from redress.customers.models import CustomerKind
from redress.remedies.models import Offering

from . import services
from .demo_paths import PATHS
from .demo_texts import (
    CURRENCY,
    FINDINGS,
    NAMES,
    NOTES,
    OFFERINGS,
    ORGANISATIONS,
    REASONS,
    ROOT_CAUSE,
    SCENARIOS,
    SUBCATEGORIES,
)
from .lifecycle import Status
from .models import Category, Channel, Complaint, EmotionalState, Priority

DEMO_PASSWORD = "redress-demo"

STAFF = [
    # username, first, last, role, team, title, language
    ("intake", "Ines", "Ortega", Role.INTAKE_OPERATOR, "Front office", "Front desk", "en"),
    ("handler", "Hannah", "Lee", Role.HANDLER, "Customer care", "Complaint handler", "en"),
    ("handler2", "Niran", "Saetang", Role.HANDLER, "Customer care", "Complaint handler", "th"),
    ("handler3", "Goran", "Babić", Role.HANDLER, "Front office", "Client manager", "hr"),
    ("quality", "Quinn", "Adeyemi", Role.QUALITY_LEAD, "Quality", "Quality lead", "en"),
    (
        "signatory",
        "Sara",
        "Lindgren",
        Role.SIGNATORY,
        "Management",
        "Head of customer service",
        "sv",
    ),
    ("analyst", "Arif", "Hossain", Role.ANALYST, "Quality", "Analyst", "bn"),
    ("admin", "Ada", "Admin", Role.ADMINISTRATOR, "", "Administrator", "en"),
]

# Open work dominates a real journal: more of the middle states than of the ends.
WEIGHTS = {
    "received": 10,
    "acknowledged": 16,
    "registered": 18,
    "investigating": 26,
    "decided": 14,
    "responding": 14,
    "remedying": 12,
    "satisfaction_check": 10,
    "closed": 50,
    "withdrawn": 8,
    "reopened": 8,
    "first_contact": 14,
}


@contextmanager
def clock(at: datetime) -> Iterator[None]:
    """Run services as if at `at`, so the demo timeline has realistic ages."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


def demo_is_loaded() -> bool:
    return User.objects.filter(username="quality").exists()


def create_staff() -> dict[str, User]:
    users = {}
    # One slow password hash for everyone: they all share the demo password.
    hashed = make_password(DEMO_PASSWORD)
    for username, first, last, role, team_name, title, language in STAFF:
        team = Team.objects.get_or_create(name=team_name)[0] if team_name else None
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "team": team,
                "job_title": title,
                "language": language,
                "email": f"{username}@redress.example",
            },
        )
        user.password = hashed
        user.is_staff = role is Role.ADMINISTRATOR
        user.is_superuser = role is Role.ADMINISTRATOR
        user.save()
        user.groups.set([Group.objects.get(name=role.value)])
        users[username] = user
    return users


def create_offerings() -> list[Offering]:
    items = []
    for code, kind, en, th, bn, hr, sv in OFFERINGS:
        offering, _created = Offering.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "text_en": en,
                "text_th": th,
                "text_bn": bn,
                "text_hr": hr,
                "text_sv": sv,
            },
        )
        items.append(offering)
    return items


def create_subcategories() -> None:
    for parent_code, code, en, th, bn, hr, sv in SUBCATEGORIES:
        parent = Category.objects.get(code=parent_code)
        Category.objects.get_or_create(
            code=code,
            defaults={
                "parent": parent,
                "name_en": en,
                "name_th": th,
                "name_bn": bn,
                "name_hr": hr,
                "name_sv": sv,
            },
        )


def _decide(complaint: Complaint, handler: User, quality: User, rng: random.Random) -> None:
    """Facts, a statement and a decision through the investigation services."""
    from redress.investigations import services as inv
    from redress.investigations.models import Outcome, RootCauseCategory
    from redress.investigations.selectors import fact_items_for

    inv.statement_record(
        complaint=complaint, actor=handler, kind="customer", text=complaint.description
    )
    for item in fact_items_for(complaint.category):
        inv.fact_establish(
            complaint=complaint,
            actor=handler,
            item=item,
            finding=FINDINGS.get(item.text_en, "Established from the records."),
        )
    outcome = rng.choices(
        [Outcome.JUSTIFIED, Outcome.PARTLY_JUSTIFIED, Outcome.NOT_JUSTIFIED, Outcome.OUTSIDE],
        weights=[50, 15, 25, 10],
    )[0]
    upheld = outcome in (Outcome.JUSTIFIED, Outcome.PARTLY_JUSTIFIED)
    inv.decision_propose(
        complaint=complaint,
        actor=handler,
        outcome=outcome,
        reasons=REASONS[outcome],
        third_party_name="Northwind Appliances (manufacturer)"
        if outcome == Outcome.OUTSIDE
        else "",
        third_party_contact="service@northwind.example, +44 20 7946 0000"
        if outcome == Outcome.OUTSIDE
        else "",
        root_cause_category=rng.choice(list(RootCauseCategory.objects.all())) if upheld else None,
        root_cause=ROOT_CAUSE if upheld else "",
    )
    complaint.refresh_from_db()
    if complaint.status == Status.INVESTIGATING:  # a large amount: the quality lead confirms
        inv.decision_confirm(complaint=complaint, actor=quality)
    complaint.refresh_from_db()
    if upheld:
        from redress.remedies.services import remedy_add

        remedy_add(
            complaint=complaint,
            actor=handler,
            kind="refund",
            owner=handler,
            due_on=timezone.localdate() + timedelta(days=7),
            amount=complaint.amount_in_dispute or Decimal(50),
            currency=complaint.currency or "EUR",
        )
        if rng.random() < 0.5:
            remedy_add(
                complaint=complaint,
                actor=handler,
                kind="replacement",
                owner=handler,
                due_on=timezone.localdate() + timedelta(days=10),
                description=complaint.product,
                cost=Decimal(rng.randint(20, 300)),
            )


def _finish_remedies(complaint: Complaint, handler: User) -> None:
    from redress.remedies.models import OPEN_REMEDY, Remedy
    from redress.remedies.services import remedy_set_status

    for remedy in Remedy.objects.filter(complaint=complaint, status__in=OPEN_REMEDY):
        remedy_set_status(remedy=remedy, actor=handler, status="done", note="Carried out.")


def _answer(complaint: Complaint, solved: bool, score: int, comment: str) -> None:
    from redress.surveys.services import survey_answer

    check = complaint.satisfaction_checks.filter(state="pending").get()
    survey_answer(check=check, solved=solved, score=score, comment=comment)


def _walk(
    complaint: Complaint, path: list[str], at: datetime, users: dict[str, User], rng: random.Random
) -> None:
    handler = users[rng.choice(["handler", "handler2", "handler3"])]
    actor_for = {
        "acknowledged": users["intake"],
        "registered": users["quality"],
        "investigating": handler,
        "responding": handler,
        "remedying": handler,
        "satisfaction_check": handler,
        "withdrawn": users["intake"],
        "reopened": users["quality"],
    }
    for step in path:
        at += timedelta(hours=rng.randint(2, 60))
        if at > timezone.now():
            at = timezone.now()
        with clock(at):
            if step == "first_contact":
                services.complaint_resolve_at_first_contact(
                    complaint=complaint, actor=users["intake"], resolution=NOTES["first_contact"]
                )
            elif step == "acknowledged":
                if complaint.status == Status.RECEIVED:
                    services.complaint_acknowledge(complaint=complaint, actor=users["intake"])
            elif step == "registered":
                services.complaint_register(
                    complaint=complaint, actor=users["quality"], assignee=handler
                )
            elif step == "decided":
                _decide(complaint, handler, users["quality"], rng)
            elif step == "closed":
                _answer(complaint, True, rng.choice([4, 5, 5, 3]), "Thank you, all sorted.")
            elif step == "reopened":
                _answer(complaint, False, rng.choice([1, 2]), "The problem came back.")
            else:
                if step == "satisfaction_check" or (step == "remedying" and rng.random() < 0.5):
                    _finish_remedies(complaint, handler)
                if complaint.status == Status.RESPONDING:
                    # Sending the signed response is what moves the complaint on.
                    _respond(complaint, handler, users["signatory"])
                    complaint.refresh_from_db()
                # With no remedy open, the response goes straight to the satisfaction check.
                skipped = step == "remedying" and complaint.status == Status.SATISFACTION_CHECK
                if complaint.status != step and not skipped:
                    services.complaint_transition(
                        complaint=complaint,
                        to=step,
                        actor=actor_for[step],
                        note=NOTES.get(step, ""),
                    )
        complaint.refresh_from_db()


def _respond(complaint: Complaint, handler: User, signatory: User) -> None:
    """Draft the response from the case, sign it and record it as sent by post."""
    from redress.investigations.selectors import live_decision
    from redress.letters import services as letters
    from redress.letters.wording import WORDING

    decision = live_decision(complaint)
    assert decision is not None
    letter = letters.letter_create(
        complaint=complaint,
        actor=handler,
        kind=decision.outcome,
        prevention=WORDING[complaint.language].example_prevention,
    )
    letters.letter_approve(letter=letter, actor=signatory)
    customer = complaint.customer
    letters.letter_send(
        letter=letter,
        actor=handler,
        via="post",
        to=customer.postal_address or customer.display_name,
    )


@transaction.atomic
def load_demo(count: int = 200, seed: int = 20261122) -> int:
    """Load the demo organisation. Returns the number of complaints created."""
    rng = random.Random(seed)
    users = create_staff()
    create_subcategories()
    offerings = create_offerings()
    categories = {c.code: c for c in Category.objects.all()}
    states = [s for s, w in WEIGHTS.items() for _ in range(w)]
    rng.shuffle(states)
    languages = list(SCENARIOS)
    now = timezone.now()
    staff_channels = [
        Channel.PHONE,
        Channel.VISIT,
        Channel.COMPLAINT_BOOK,
        Channel.CHAT,
        Channel.SOCIAL_MEDIA,
        Channel.QUESTIONNAIRE,
    ]
    for i in range(count):
        lang = languages[i % len(languages)]
        target = states[i % len(states)]
        category_code, claim, product, subject, description, outcome = rng.choice(SCENARIOS[lang])
        organisation = rng.random() < 0.12
        name = rng.choice(NAMES[lang])
        slug = f"demo{i:03d}"
        customer = services.CustomerInput(
            kind=CustomerKind.ORGANISATION if organisation else CustomerKind.INDIVIDUAL,
            full_name="" if organisation else name,
            organisation_name=ORGANISATIONS[lang][0] if organisation else "",
            contact_person=ORGANISATIONS[lang][1] if organisation else "",
            email=f"{slug}@customers.example" if rng.random() < 0.85 else "",
            phone=f"+44 20 7946 {i:04d}",
            preferred_language=lang,
        )
        staff_path = target in ("received", "first_contact") or rng.random() < 0.45
        channel = (
            rng.choice(staff_channels)
            if staff_path
            else rng.choice([Channel.WEB, Channel.WEB, Channel.EMAIL, Channel.API])
        )
        # Open complaints are recent; finished ones older, so "overdue" means something.
        age_days = (
            rng.randint(0, 25) if target not in ("closed", "withdrawn") else rng.randint(10, 120)
        )
        received = now - timedelta(
            days=age_days, hours=rng.randint(0, 23), minutes=rng.randint(0, 59)
        )
        data = services.ComplaintInput(
            subject=subject,
            description=description,
            category=categories[category_code],
            product=product,
            order_reference=f"ORD-{rng.randint(10000, 99999)}",
            incident_date=(received - timedelta(days=rng.randint(0, 10))).date(),
            amount_in_dispute=Decimal(rng.randint(20, 2000)) if rng.random() < 0.5 else None,
            currency=CURRENCY[lang],
            desired_outcome=outcome,
            claim_type=claim,
            addressed_to_top_management=rng.random() < 0.08,
            emotional_state=rng.choice(list(EmotionalState.values)) if staff_path else "",
            priority=rng.choices(list(Priority.values), weights=[2, 12, 4, 1])[0],
            about_third_party=category_code == "staff-conduct",
            language=lang,
        )
        if data.amount_in_dispute is None:
            data.currency = ""
        with clock(received):
            complaint = services.complaint_submit(
                customer=customer,
                complaint=data,
                channel=channel,
                actor=users["intake"] if staff_path else None,
                received_at=received,
            )
        if rng.random() < 0.6:
            complaint.customer.offerings.add(*rng.sample(offerings, 2))
        _walk(complaint, PATHS[target], received, users, rng)
    return count
