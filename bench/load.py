"""A small bounded load generator: `total` requests at `concurrency`, latencies kept."""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx


@dataclass
class Stats:
    name: str
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests
    errors: int = 0
    elapsed: float = 0.0
    concurrency: int = 1
    note: str = ""

    @property
    def ok(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.ok / self.elapsed if self.elapsed else 0.0

    def pct(self, p: float) -> float:
        """The p-th percentile latency in milliseconds (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank] * 1000

    @property
    def mean_ms(self) -> float:
        return statistics.fmean(self.latencies) * 1000 if self.latencies else float("nan")


# One request (or one browser-like flow) on a client; True when it succeeded.
Job = Callable[[httpx.AsyncClient, int], Awaitable[bool]]


async def run(
    name: str,
    job: Job,
    *,
    total: int,
    concurrency: int,
    clients: list[httpx.AsyncClient],
) -> Stats:
    """Run `job` `total` times with `concurrency` in flight; one client per worker."""
    stats = Stats(name=name, concurrency=concurrency)
    counter = iter(range(total))

    async def worker(client: httpx.AsyncClient) -> None:
        for i in counter:
            start = time.perf_counter()
            try:
                ok = await job(client, i)
            except httpx.HTTPError:
                ok = False
            if ok:
                stats.latencies.append(time.perf_counter() - start)
            else:
                stats.errors += 1

    begin = time.perf_counter()
    await asyncio.gather(*(worker(clients[w % len(clients)]) for w in range(concurrency)))
    stats.elapsed = time.perf_counter() - begin
    print(
        f"  {name}: {stats.ok} ok, {stats.errors} errors, {stats.throughput:.1f}/s,"
        f" p50 {stats.pct(50):.0f} ms, p95 {stats.pct(95):.0f} ms",
        file=sys.stderr,
        flush=True,
    )
    return stats
