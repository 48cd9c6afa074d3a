"""`python -m bench`: generate data, serve it under gunicorn, measure, write RESULTS.md.

    python -m bench run --n 100000 --db sqlite            # Redress and django-helpdesk
    python -m bench run --n 1000000 --db postgres            # Redress only (above 100,000)
    python -m bench prepare --n 10000                     # only generate (inside Django)

`make bench N=... DB=sqlite|postgres` calls `run`. Generated databases are kept under
bench/data/ (SQLite) or in PostgreSQL databases redress_bench_<N>, and reused by the next run
with the same N unless --fresh is given.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.scenarios import Sizes

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = Path(os.environ.get("BENCH_DATA", HERE / "data"))
PG = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
# The side-by-side target is at 100,000. At a million its ticket list takes most of a minute
# a request, so its loops alone would outlast the run: measured only when asked (--helpdesk).
HELPDESK_UP_TO = 100_000


def database_url(db: str, n: int, app: str = "redress") -> str:
    if db == "postgres":
        return f"{PG}/{app}_bench_{n}"
    return f"sqlite:///{DATA / f'{app}-{n}.sqlite3'}"


def django_env(url: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": url,
        # Production sends tasks to Celery over Redis; a database of its own keeps the
        # benchmark's queued mail away from anyone else's workers.
        "REDRESS_TASKS_EAGER": "0",
        "REDRESS_BROKER_URL": os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/9"),
        "REDRESS_STATIC_ROOT": str(DATA / "static"),
        "REDRESS_MEDIA_ROOT": str(DATA / "media"),
        "PYTHONPATH": str(REPO),
    }


# --- Inside Django ----------------------------------------------------------------------------


def _setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()


def cmd_prepare(args: argparse.Namespace) -> None:
    """Migrate, generate N complaints unless already there, print the context as JSON."""
    _setup()
    from django.core.management import call_command
    from django.db.models import Count

    from bench import generate, texts
    from redress.complaints.models import Category, Complaint, JournalEvent

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    generated: dict[str, Any] = {}
    existing = Complaint.objects.count()
    if existing < args.n:
        # Resumable: a run that stopped part-way keeps its finished batches.
        def progress(done: int, total: int) -> None:
            if done % 20000 == 0 or done == total:
                print(f"  generated {done:,}/{total:,}", file=sys.stderr, flush=True)

        has_long = (
            JournalEvent.objects.order_by()
            .values("complaint_id")
            .annotate(n=Count("id"))
            .filter(n__gte=generate.LONG_TIMELINE_EVENTS)
            .exists()
        )
        result = generate.generate(
            args.n - existing,
            seed=7 + existing,
            progress=progress,
            long_timeline_events=0 if has_long else generate.LONG_TIMELINE_EVENTS,
        )
        generated = {
            "seconds": round(result.seconds, 1),
            "per_second": round(result.per_second),
            "phases": {k: round(v, 1) for k, v in result.phases.items()},
            "rows": dict(result.rows),
        }
    else:
        # Indexes added by a migration have no statistics until ANALYZE; SQLite's planner
        # then picked a new category index for the unfiltered journal and sorted every row.
        # (The generator analyses what it wrote.)
        generate._analyse()
    indexed = generate.index_missing()
    if indexed:
        generated["search documents built"] = indexed
    long = (
        JournalEvent.objects.order_by()
        .values("complaint_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    reference = Complaint.objects.get(pk=long["complaint_id"]).reference if long else ""
    category = Category.objects.filter(parent__isnull=True, children__isnull=False).first()
    leaf = Category.objects.filter(parent__isnull=False).order_by("pk").first() or category
    assert category is not None and leaf is not None
    print(
        json.dumps(
            {
                "generated": generated,
                "summary": generate.summary(),
                "long_timeline": {"reference": reference, "events": long["n"] if long else 0},
                "category_id": category.pk,
                "category_code": leaf.code,
                "words": texts.search_words(),
            }
        )
    )


def cmd_count(args: argparse.Namespace) -> None:
    _setup()
    from redress.complaints.models import Complaint

    print(Complaint.objects.count())


# --- The orchestrator -------------------------------------------------------------------------


def _python() -> str:
    return sys.executable


def run_django(cmd: list[str], url: str) -> str:
    out = subprocess.run(
        [_python(), "-m", "bench", *cmd],
        cwd=REPO,
        env={**os.environ, **django_env(url)},
        check=True,
        capture_output=True,
        text=True,
    )
    sys.stderr.write(out.stderr)
    return out.stdout.strip().splitlines()[-1]


def ensure_postgres_db(url: str, fresh: bool) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def cmd_run(args: argparse.Namespace) -> None:
    from bench import report
    from bench.scenarios import Sizes
    from bench.server import Server

    DATA.mkdir(exist_ok=True)
    sizes = Sizes(intake=args.intake, reads=args.reads)
    rows: dict[str, Any] = {"n": args.n, "db": args.db, "started": time.time()}
    url = database_url(args.db, args.n)
    if args.db == "postgres":
        ensure_postgres_db(url, args.fresh)
    elif args.fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(str(DATA / f"redress-{args.n}.sqlite3") + suffix).unlink(missing_ok=True)
    print(f"Redress: preparing {args.n:,} complaints on {args.db}", file=sys.stderr)
    context = json.loads(run_django(["prepare", "--n", str(args.n)], url))
    rows["redress_context"] = context
    env = django_env(url)
    gunicorn = [
        str(Path(_python()).with_name("gunicorn")),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        "sync",
        "--backlog",
        "256",
        # A slow page under load is measured, not killed: gunicorn's default is 30 s.
        "--timeout",
        "300",
    ]
    print("Redress: measuring", file=sys.stderr)
    with Server(
        gunicorn, env=env, cwd=REPO, port=args.port, log=DATA / "redress-gunicorn.log"
    ) as s:
        rows["redress"] = asyncio.run(measure_redress(s.url, sizes, context, url))
        rows["redress_rss"] = {"total": s.peak_total, "worker": s.peak_worker}
    if args.helpdesk is None:
        args.helpdesk = args.n <= HELPDESK_UP_TO
    if args.helpdesk:
        from bench import helpdesk

        rows["helpdesk"], rows["helpdesk_rss"], rows["helpdesk_context"] = helpdesk.run(
            n=args.n,
            db=args.db,
            port=args.port + 1,
            sizes=sizes,
            fresh=args.fresh,
            words=context["words"],
        )
    rows["load"] = os.getloadavg()
    report.write(rows, args.results, append=args.append)
    print(f"Results written to {args.results}", file=sys.stderr)


async def measure_redress(base: str, sizes: Sizes, context: dict[str, Any], url: str) -> list[Any]:
    from bench import redress_app

    before = int(run_django(["count"], url))
    api = await redress_app.intake_api(base, sizes, context["category_code"])
    form = await redress_app.intake_form(base, sizes)
    after = int(run_django(["count"], url))
    stored = after - before
    for s in (api, form):
        s.note = f"stored {stored:,} of {api.ok + form.ok:,} accepted"
    if stored != api.ok + form.ok:
        raise SystemExit(f"intake lost complaints: {api.ok + form.ok} accepted, {stored} stored")
    found = await redress_app.reads(
        base,
        sizes,
        words=context["words"],
        category_id=str(context["category_id"]),
        reference=context["long_timeline"]["reference"],
    )
    return [api, form, *found]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--n", type=int, default=1_000_000)
    p.set_defaults(func=cmd_prepare)
    c = sub.add_parser("count")
    c.set_defaults(func=cmd_count)
    r = sub.add_parser("run")
    r.add_argument("--n", type=int, default=1_000_000)
    r.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    r.add_argument("--fresh", action="store_true", help="regenerate the data")
    r.add_argument("--intake", type=int, default=400, help="submissions per intake loop")
    r.add_argument("--reads", type=int, default=100, help="requests per read loop")
    r.add_argument("--workers", type=int, default=2)
    r.add_argument("--port", type=int, default=8610)
    r.add_argument(
        "--helpdesk",
        dest="helpdesk",
        action="store_true",
        default=None,
        help=f"measure django-helpdesk too (the default up to N = {HELPDESK_UP_TO:,})",
    )
    r.add_argument("--no-helpdesk", dest="helpdesk", action="store_false")
    r.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    r.add_argument("--append", action="store_true", help="add to RESULTS.md, keep earlier runs")
    r.set_defaults(func=cmd_run)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
