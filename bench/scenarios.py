"""What is measured, on Redress and on django-helpdesk, as browser-like HTTP flows."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Any

import httpx

from . import load

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMEOUT = httpx.Timeout(60.0)


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    if not match:
        raise RuntimeError("no CSRF token in the page")
    return match.group(1)


def clients(n: int, base: str) -> list[httpx.AsyncClient]:
    return [
        httpx.AsyncClient(base_url=base, timeout=TIMEOUT, follow_redirects=True) for _ in range(n)
    ]


async def close(cs: list[httpx.AsyncClient]) -> None:
    for c in cs:
        await c.aclose()


async def login(client: httpx.AsyncClient, path: str, username: str, password: str) -> None:
    page = await client.get(path)
    r = await client.post(
        path,
        data={
            "csrfmiddlewaretoken": csrf_token(page.text),
            "username": username,
            "password": password,
        },
        headers={"Referer": str(page.url)},
    )
    if "sessionid" not in client.cookies:
        raise RuntimeError(f"login as {username} failed: HTTP {r.status_code} at {r.url}")


@dataclass
class Sizes:
    """How many requests each loop makes."""

    intake: int = 400
    reads: int = 100
    concurrency_intake: int = 16
    concurrency_reads: int = 4


def customer_fields(i: int) -> dict[str, str]:
    return {
        "full_name": f"Bench Customer {i}",
        "email": f"bench{i}@customers.example",
        "phone": f"+44 20 7000 {i % 10000:04d}",
    }


async def get_ok(client: httpx.AsyncClient, path: str, params: dict[str, str] | None) -> bool:
    r = await client.get(path, params=params)
    return r.status_code == 200


async def read_loop(
    name: str,
    base: str,
    path: str,
    params: dict[str, str] | None,
    sizes: Sizes,
    authenticate: Any,
) -> load.Stats:
    cs = clients(sizes.concurrency_reads, base)
    try:
        # One login (a slow password hash), its session shared by every client.
        await authenticate(cs[0])
        for c in cs[1:]:
            c.cookies = httpx.Cookies(cs[0].cookies)
        # One warm-up request per worker process, not counted.
        for c in cs[:2]:
            with contextlib.suppress(httpx.HTTPError):
                await c.get(path, params=params)

        async def job(client: httpx.AsyncClient, i: int) -> bool:
            return await get_ok(client, path, params)

        return await load.run(
            name, job, total=sizes.reads, concurrency=sizes.concurrency_reads, clients=cs
        )
    finally:
        await close(cs)
