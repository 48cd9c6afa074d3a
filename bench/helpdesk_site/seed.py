"""Seed django-helpdesk with N tickets from the same texts as Redress's generator (bulk).

    bench/.helpdesk-venv/bin/python bench/helpdesk_site/seed.py 100000

Queues stand for Redress's categories; each ticket gets follow-ups for its history (as many
as Redress writes journal events for a complaint of the same state), and one ticket gets a
long timeline of 500 follow-ups. Prints the context the measurements need, as JSON.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1])]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk_site.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from helpdesk.models import FollowUp, Queue, Ticket  # noqa: E402

from bench import texts  # noqa: E402
from bench.generate import FINISHED, SPAN_DAYS, WEIGHTS  # noqa: E402
from redress.complaints.demo_paths import PATHS  # noqa: E402

PASSWORD = "redress-demo"
QUEUES = ["Delivery", "Product quality", "Billing", "Staff conduct", "Other"]
BATCH = 2000


def seed(n: int, seed: int = 7) -> dict[str, object]:
    started = time.perf_counter()
    rng = random.Random(seed)
    call_command("migrate", verbosity=0, interactive=False)
    if not User.objects.filter(username="quality").exists():
        User.objects.create_superuser("quality", "quality@example.com", PASSWORD)
    staff = User.objects.get(username="quality")
    queues = []
    for title in QUEUES:
        slug = title.lower().replace(" ", "-")
        queues.append(
            Queue.objects.get_or_create(
                slug=slug, defaults={"title": title, "allow_public_submission": True}
            )[0]
        )
    states, weights = list(WEIGHTS), list(WEIGHTS.values())
    now = timezone.now()
    generated = Ticket.objects.exists()
    done = 0
    while not generated and done < n:
        size = min(BATCH, n - done)
        with transaction.atomic():
            tickets, plans = [], []
            for i in range(size):
                lang = rng.choices(texts.LANGUAGES, weights=texts.LANGUAGE_WEIGHTS)[0]
                text = rng.choice(texts.corpus(lang))
                state = rng.choices(states, weights=weights)[0]
                age = rng.uniform(0, 45) if state not in FINISHED else rng.uniform(20, SPAN_DAYS)
                created = now - timedelta(days=age)
                status = Ticket.CLOSED_STATUS if state in FINISHED else Ticket.OPEN_STATUS
                tickets.append(
                    Ticket(
                        title=text.subject[:200],
                        queue=rng.choice(queues),
                        created=created,
                        modified=created,
                        submitter_email=f"c{done + i}@customers.example",
                        assigned_to=staff if state not in ("received", "acknowledged") else None,
                        status=status,
                        description=text.description,
                        priority=rng.choice([1, 2, 3, 3, 3, 4, 5]),
                        due_date=created + timedelta(days=14),
                    )
                )
                plans.append((state, created))
            Ticket.objects.bulk_create(tickets)
            if tickets[0].pk is None:
                emails = [t.submitter_email for t in tickets]
                ids = dict(
                    Ticket.objects.filter(submitter_email__in=emails).values_list(
                        "submitter_email", "pk"
                    )
                )
                for t in tickets:
                    t.pk = ids[t.submitter_email]
            followups = []
            for ticket, (state, created) in zip(tickets, plans, strict=True):
                at = created
                for step in ["received", *PATHS[state]]:
                    followups.append(
                        FollowUp(
                            ticket=ticket,
                            date=at,
                            title=f"Status: {step}",
                            comment="",
                            public=True,
                            user=staff if step != "received" else None,
                        )
                    )
                    at += timedelta(hours=rng.randint(2, 60))
            FollowUp.objects.bulk_create(followups)
        done += size
        if done % 20000 == 0 or done == n:
            print(f"  helpdesk: seeded {done:,}/{n:,}", file=sys.stderr, flush=True)
    if not generated:
        with transaction.atomic():
            long = Ticket.objects.filter(status=Ticket.OPEN_STATUS).order_by("-created").first()
            assert long is not None
            notes = texts.corpus("en")
            FollowUp.objects.bulk_create(
                [
                    FollowUp(
                        ticket=long,
                        date=long.created + timedelta(minutes=7 * (i + 1)),
                        title="Comment",
                        comment=rng.choice(notes).subject,
                        public=i % 3 == 0,
                        user=staff,
                    )
                    for i in range(500)
                ]
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from django.db.models import Count

    long_ticket = (
        FollowUp.objects.values("ticket_id").annotate(n=Count("id")).order_by("-n").first()
    )
    return {
        "seconds": round(time.perf_counter() - started, 1) if not generated else 0,
        "tickets": Ticket.objects.count(),
        "followups": FollowUp.objects.count(),
        "queue_id": queues[0].pk,
        "long_ticket": long_ticket["ticket_id"] if long_ticket else 0,
        "long_events": long_ticket["n"] if long_ticket else 0,
    }


if __name__ == "__main__":
    if sys.argv[1:] == ["count"]:
        print(Ticket.objects.count())
    else:
        print(json.dumps(seed(int(sys.argv[1]))))
