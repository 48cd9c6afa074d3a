"""The django-helpdesk seeder runs in its own environment, so CI never executes it: check
that every name it takes from Redress and the benchmark package exists, and can be imported
without Redress's Django settings (its environment has none)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "bench" / "helpdesk_site" / "seed.py"


def ours(tree: ast.Module) -> list[tuple[str, list[str]]]:
    found = []
    for node in ast.walk(tree):
        module = node.module if isinstance(node, ast.ImportFrom) else None
        if module and module.split(".")[0] in ("bench", "redress"):
            found.append((module, [a.name for a in node.names]))  # type: ignore[attr-defined]
    return found


def test_the_seeders_imports_resolve_without_django_settings() -> None:
    imports = ours(ast.parse(SEED.read_text()))
    assert imports, "the seeder takes nothing from Redress any more; update this test"
    lines = [f"from {module} import {', '.join(names)}" for module, names in imports]
    lines.append("assert set(WEIGHTS) <= set(PATHS), sorted(set(WEIGHTS) - set(PATHS))")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(REPO)
    result = subprocess.run(
        [sys.executable, "-c", "\n".join(lines)], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
