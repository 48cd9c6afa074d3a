"""Write one run's numbers as markdown into bench/RESULTS.md."""

from __future__ import annotations

import datetime as dt
import math
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

import psutil

from .load import Stats

HEADER = "# Benchmark results\n\nWritten by `make bench` (bench/__main__.py). Newest run first.\n"
MARK = "<!-- runs -->"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = psutil.virtual_memory().total / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {ram:.0f} GB RAM, Python {platform.python_version()}"


def commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True)
        return out.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _ms(x: float) -> str:
    return "–" if math.isnan(x) else f"{x:,.0f}" if x >= 100 else f"{x:.1f}"


def _ratio(ours: float, theirs: float, higher_is_better: bool) -> str:
    if not ours or not theirs or math.isnan(ours) or math.isnan(theirs):
        return "–"
    r = ours / theirs if higher_is_better else theirs / ours
    return f"{r:.1f}x"


def _mb(b: int) -> str:
    return f"{b / 2**20:.0f}"


def table(rows: dict[str, Any]) -> str:
    ours: list[Stats] = rows["redress"]
    theirs: dict[str, Stats] = {s.name: s for s in rows.get("helpdesk") or []}
    side = bool(theirs)
    head = "| measurement | requests (errors) | per s | p50 ms | p95 ms | p99 ms |"
    rule = "|---|---:|---:|---:|---:|---:|"
    if side:
        head += " helpdesk per s | helpdesk p50 ms | helpdesk p95 ms | helpdesk p99 ms | ratio |"
        rule += "---:|---:|---:|---:|---:|"
    lines = [head, rule]
    for s in ours:
        line = (
            f"| {s.name} | {s.ok:,} ({s.errors}) | {s.throughput:,.1f} | {_ms(s.pct(50))} |"
            f" {_ms(s.pct(95))} | {_ms(s.pct(99))} |"
        )
        if side:
            h = theirs.get(s.name)
            if h is None:
                line += " – | – | – | – | – |"
            else:
                intake = s.name.startswith("intake")
                ratio = (
                    _ratio(s.throughput, h.throughput, True) + " throughput"
                    if intake
                    else _ratio(s.pct(95), h.pct(95), False) + " lower p95"
                )
                line += (
                    f" {h.throughput:,.1f} | {_ms(h.pct(50))} | {_ms(h.pct(95))} |"
                    f" {_ms(h.pct(99))} | {ratio} |"
                )
        lines.append(line)
    rss = rows["redress_rss"]
    h = rows.get("helpdesk_rss") if side else None
    lines += ["", "| peak RSS, MB | Redress |" + (" helpdesk | ratio |" if h else "")]
    lines.append("|---|---:|" + ("---:|---:|" if h else ""))
    for label, key in (("largest process", "worker"), ("master and workers together", "total")):
        line = f"| {label} | {_mb(rss[key])} |"
        if h:
            line += f" {_mb(h[key])} | {_ratio(rss[key], h[key], False)} smaller |"
        lines.append(line)
    return "\n".join(lines)


def section(rows: dict[str, Any]) -> str:
    ctx = rows["redress_context"]
    gen = ctx.get("generated") or {}
    summary = ctx["summary"]
    load = ", ".join(f"{x:.2f}" for x in rows["load"])
    when = dt.datetime.fromtimestamp(rows["started"], tz=dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        f"## N = {rows['n']:,} on {'PostgreSQL' if rows['db'] == 'postgres' else 'SQLite'}"
        f" — {when}",
        "",
        f"- Machine: {machine()}; load average after the run (1, 5, 15 min): {load}"
        " (the 2 cores are shared with other work, which skews every number here).",
        f"- Commit: {commit()}.",
        f"- Redress data: {summary['complaints']:,} complaints, {summary['customers']:,}"
        f" customers, {summary['journal events']:,} journal events,"
        f" {summary['statements']:,} statements, {summary['letters']:,} letters; languages"
        f" {', '.join(f'{k} {v:,}' for k, v in sorted(summary['languages'].items()))}."
        f" Long timeline: {ctx['long_timeline']['reference']}"
        f" ({ctx['long_timeline']['events']} events).",
    ]
    if gen.get("search documents built"):
        parts.append(
            "- Search documents built for earlier-generated data:"
            f" {gen['search documents built']:,}."
        )
    if "seconds" in gen:
        parts.append(
            f"- Generated in this run: {gen['seconds']:,} s ({gen['per_second']:,} complaints/s,"
            f" rows {', '.join(f'{k} {v:,}' for k, v in gen['rows'].items())})."
        )
    if rows.get("helpdesk_context"):
        parts.append(f"- django-helpdesk: {rows['helpdesk_context']}")
    parts += [
        "- Servers: gunicorn on 127.0.0.1, 2 sync workers each; intake loops at concurrency 16,"
        " read loops at concurrency 4, each loop after a warm-up request; latency of one"
        " public-form submission = GET form + POST + the redirected confirmation page."
        " Staff pages as the quality lead (sees every complaint).",
        "",
        table(rows),
        "",
    ]
    notes = [s.note for s in rows["redress"] if s.note]
    if notes:
        parts.append(f"Intake count check: {notes[0]}.\n")
    return "\n".join(parts)


def write(rows: dict[str, Any], path: Path, append: bool = False) -> None:
    text = section(rows)
    """Put this run first; the text above the runs marker (the analysis) is kept."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    head, _, runs = old.partition(MARK) if MARK in old else (HEADER + "\n", "", "")
    kept = runs.lstrip() if append else ""
    path.write_text(f"{head}{MARK}\n\n{text}\n{kept}", encoding="utf-8")
