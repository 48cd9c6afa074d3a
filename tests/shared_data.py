"""The shared test data (real CFPB and Thai complaints, email corpora).

It lies beside the checkout (../shared/data) or, on the development machines, in
/work/shared/data. Tests that read it skip when it is absent, except under CI, where a
missing file is a failure: the measurement must not silently stop running.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = (ROOT.parent / "shared" / "data", Path("/work/shared/data"))


def shared_data(*parts: str) -> Path:
    """The path of `parts` under the first shared data folder that holds it."""
    for base in CANDIDATES:
        path = base.joinpath(*parts)
        if path.exists():
            return path
    return CANDIDATES[0].joinpath(*parts)


def require(path: Path) -> Path:
    """`path`, or skip (fail under CI) when the shared data is not on this machine."""
    if not path.exists():
        message = f"the shared test data is missing: {path}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path
