"""Redress under load: intake by API and public form, journal, search, complaint page."""

from __future__ import annotations

import re
from typing import Any

import httpx

from . import load
from .scenarios import Sizes, clients, close, csrf_token, customer_fields, login, read_loop

PASSWORD = "redress-demo"  # the demo organisation's shared password (redress/complaints/demo.py)
CATEGORY_OPTION = re.compile(r'<option value="(\d+)"')


async def api_token(base: str) -> str:
    async with httpx.AsyncClient(base_url=base, timeout=120) as c:
        r = await c.post("/api/token/", data={"username": "intake", "password": PASSWORD})
        r.raise_for_status()
        return str(r.json()["token"])


async def intake_api(base: str, sizes: Sizes, category: str) -> load.Stats:
    token = await api_token(base)
    cs = clients(sizes.concurrency_intake, base)
    for c in cs:
        c.headers["Authorization"] = f"Token {token}"

    async def job(client: httpx.AsyncClient, i: int) -> bool:
        r = await client.post(
            "/api/complaints/",
            json={
                "customer": {**customer_fields(i), "preferred_language": "en"},
                "language": "en",
                "subject": f"Benchmark complaint {i} by API",
                "description": "The parcel arrived damaged and the refund never came.",
                "category": category,
            },
        )
        return r.status_code == 201

    try:
        return await load.run(
            "intake, API",
            job,
            total=sizes.intake,
            concurrency=sizes.concurrency_intake,
            clients=cs,
        )
    finally:
        await close(cs)


async def intake_form(base: str, sizes: Sizes) -> load.Stats:
    """GET the public form, read its CSRF token and a category, POST it, follow the redirect."""
    cs = clients(sizes.concurrency_intake, base)

    async def job(client: httpx.AsyncClient, i: int) -> bool:
        page = await client.get("/")
        category = CATEGORY_OPTION.search(page.text)
        r = await client.post(
            "/",
            data={
                "csrfmiddlewaretoken": csrf_token(page.text),
                "kind": "individual",
                **customer_fields(100_000_000 + i),
                "preferred_language": "en",
                "subject": f"Benchmark complaint {i} by the public form",
                "category": category.group(1) if category else "",
                "description": "I was charged twice for the same order and nobody answers.",
            },
            headers={"Referer": str(page.url)},
        )
        return r.status_code == 200 and "/complaint/received/" in str(r.url)

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


async def staff(client: httpx.AsyncClient) -> None:
    await login(client, "/accounts/login/", "quality", PASSWORD)


async def reads(
    base: str, sizes: Sizes, *, words: dict[str, str], category_id: str, reference: str
) -> list[load.Stats]:
    """The journal, its filters, search and the long complaint page, as the quality lead."""
    loops: list[tuple[str, str, dict[str, str] | None]] = [
        ("journal list", "/staff/", None),
        ("journal, status filter", "/staff/", {"status": "investigating"}),
        ("journal, category filter", "/staff/", {"category": category_id}),
        ("journal, overdue filter", "/staff/", {"overdue": "on"}),
    ]
    loops += [(f"search: {label}", "/staff/", {"q": word}) for label, word in words.items()]
    if reference:
        loops.append(("complaint page, long timeline", f"/staff/complaints/{reference}/", None))
    out = []
    for name, path, params in loops:
        out.append(await read_loop(name, base, path, params, sizes, staff))
    return out


def ids(context: dict[str, Any]) -> tuple[str, str]:
    return str(context["category_code"]), str(context["category_id"])
