"""The measurement loop end to end against a live gunicorn, at a tiny N (no timing asserted)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_small_run_serves_the_app_measures_it_and_writes_the_results_table(tmp_path):
    results = tmp_path / "RESULTS.md"
    env = {**os.environ, "BENCH_DATA": str(tmp_path / "data")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "run",
            "--n",
            "40",
            "--db",
            "sqlite",
            "--intake",
            "6",
            "--reads",
            "3",
            "--port",
            str(free_port()),
            "--no-helpdesk",
            "--results",
            str(results),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]

    text = results.read_text(encoding="utf-8")
    assert "## N = 40 on SQLite" in text
    assert "Commit:" in text and "Machine:" in text and "load average" in text
    rows = {line.split("|")[1].strip(): line for line in text.splitlines() if line.startswith("| ")}
    for name in (
        "intake, API",
        "intake, public form",
        "journal list",
        "journal, overdue filter",
        "complaint page, long timeline",
    ):
        # requests (errors), then throughput and latencies as numbers.
        cells = [c.strip() for c in rows[name].split("|")[2:7]]
        assert re.fullmatch(r"\d+ \(0\)", cells[0]), rows[name]
        for cell in cells[1:]:
            assert re.fullmatch(r"[\d,]+(\.\d)?", cell), rows[name]
    assert any(name.startswith("search: Thai") for name in rows)
    assert "Intake count check: stored 12 of 12 accepted" in text
    assert re.fullmatch(r"\| largest process \| \d+ \|", rows["largest process"])
