"""django-helpdesk, side by side: its own venv from PyPI, seeded with the same N tickets.

The venv lives in bench/.helpdesk-venv (git-ignored) and is created on first use.
Measured like Redress: the public submission form (fetched and posted, as a browser does),
the ticket list and search (the JSON request its list page makes for its rows, which is where
its queries run), the ticket page with a long timeline, and the server's peak memory.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from . import load
from .scenarios import Sizes, clients, close, csrf_token, login, read_loop
from .server import Server

HERE = Path(__file__).resolve().parent
VENV = HERE / ".helpdesk-venv"
SITE = HERE / "helpdesk_site"
VERSION = os.environ.get("BENCH_HELPDESK_VERSION", "2.6.1")
PG = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
QUEUE_OPTION = re.compile(r'<option value="(\d+)"')


def ensure_venv() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    marker = VENV / f".installed-{VERSION}"
    if not marker.exists():
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                f"django-helpdesk=={VERSION}",
                "gunicorn>=23,<24",
                "psycopg[binary]>=3.2,<4",
            ],
            check=True,
        )
        marker.touch()
    return python


def database_url(db: str, n: int) -> str:
    if db == "postgres":
        return f"{PG}/helpdesk_bench_{n}"
    from bench.__main__ import DATA

    return f"sqlite:///{DATA / f'helpdesk-{n}.sqlite3'}"


def installed_version(python: Path) -> str:
    out = subprocess.run(
        [str(python), "-c", "import importlib.metadata as m; print(m.version('django-helpdesk'))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def list_query(search: str = "", **filtering: Any) -> str:
    """The base64 query its ticket list page hands to its datatables request."""
    query = {
        "filtering": filtering or {"status__in": [1, 2]},
        "sorting": "created",
        "sortreverse": False,
        "search_string": search,
    }
    return base64.b64encode(json.dumps(query).encode()).decode()


async def staff(client: httpx.AsyncClient) -> None:
    await login(client, "/login/", "quality", "redress-demo")


async def intake_form(base: str, sizes: Sizes) -> load.Stats:
    cs = clients(sizes.concurrency_intake, base)

    async def job(client: httpx.AsyncClient, i: int) -> bool:
        page = await client.get("/tickets/submit/")
        queue = QUEUE_OPTION.search(page.text)
        r = await client.post(
            "/tickets/submit/",
            data={
                "csrfmiddlewaretoken": csrf_token(page.text),
                "queue": queue.group(1) if queue else "1",
                "title": f"Benchmark ticket {i} by the public form",
                "body": "I was charged twice for the same order and nobody answers.",
                "priority": "3",
                "submitter_email": f"bench{i}@customers.example",
            },
            headers={"Referer": str(page.url)},
        )
        return r.status_code == 200 and "/view/" in str(r.url)

    try:
        return await load.run(
            "intake, public form",
            job,
            total=sizes.intake,
            concurrency=sizes.concurrency_intake,
            clients=cs,
        )
    finally:
        await close(cs)


async def measure(base: str, sizes: Sizes, ctx: dict[str, Any], count: Any) -> list[load.Stats]:
    before = count()
    form = await intake_form(base, sizes)
    stored = count() - before
    form.note = f"stored {stored:,} of {form.ok:,} accepted"
    words: dict[str, str] = ctx["words"]
    dt = "/datatables_ticket_list/"
    loops: list[tuple[str, str]] = [
        ("journal list", dt + list_query()),
        ("journal, status filter", dt + list_query(status__in=[1])),
        ("journal, category filter", dt + list_query(queue__id__in=[ctx["queue_id"]])),
    ]
    loops += [(f"search: {label}", dt + list_query(word)) for label, word in words.items()]
    loops.append(("complaint page, long timeline", f"/tickets/{ctx['long_ticket']}/"))
    out = [form]
    for name, path in loops:
        out.append(await read_loop(name, base, path, None, sizes, staff))
    return out


def run(
    *, n: int, db: str, port: int, sizes: Sizes, fresh: bool, words: dict[str, str]
) -> tuple[list[load.Stats], dict[str, int], str]:
    from bench.__main__ import DATA

    python = ensure_venv()
    version = installed_version(python)
    url = database_url(db, n)
    if db == "postgres":
        from bench.__main__ import ensure_postgres_db

        ensure_postgres_db(url, fresh)
    elif fresh:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    env = {**os.environ, "HELPDESK_DATABASE_URL": url, "PYTHONPATH": str(SITE)}
    print(f"django-helpdesk {version}: seeding {n:,} tickets on {db}", file=sys.stderr)
    out = subprocess.run(
        [str(python), str(SITE / "seed.py"), str(n)],
        env=env,
        cwd=SITE,
        check=True,
        capture_output=True,
        text=True,
    )
    sys.stderr.write(out.stderr)
    ctx = json.loads(out.stdout.strip().splitlines()[-1])
    ctx["words"] = words

    def count() -> int:
        r = subprocess.run(
            [str(python), str(SITE / "seed.py"), "count"],
            env=env,
            cwd=SITE,
            check=True,
            capture_output=True,
            text=True,
        )
        return int(r.stdout.strip().splitlines()[-1])

    argv = [
        str(VENV / "bin" / "gunicorn"),
        "helpdesk_site.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--worker-class",
        "sync",
        "--backlog",
        "256",
        # A slow page under load is measured, not killed: gunicorn's default is 30 s.
        "--timeout",
        "300",
    ]
    print(f"django-helpdesk {version}: measuring", file=sys.stderr)
    with Server(argv, env=env, cwd=SITE, port=port, log=DATA / "helpdesk-gunicorn.log") as s:
        stats = asyncio.run(measure(s.url, sizes, ctx, count))
        rss = {"total": s.peak_total, "worker": s.peak_worker}
    seeded = f" (seeded in this run in {ctx['seconds']:,} s)" if ctx.get("seconds") else ""
    described = (
        f"version {version} from PyPI in bench/.helpdesk-venv; {ctx['tickets']:,} tickets,"
        f" {ctx['followups']:,} follow-ups{seeded}; long timeline: ticket {ctx['long_ticket']}"
        f" ({ctx['long_events']} follow-ups). Its list and search rows are its datatables"
        f" JSON request (the page shell is not counted, which favours it); it has no overdue"
        f" filter. {stats[0].note}."
    )
    return stats, rss, described
