"""Start an app under gunicorn on loopback, sample its memory, stop it."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx
import psutil


class Server:
    """A gunicorn master and its workers, started by us and stopped by its pid."""

    def __init__(self, argv: list[str], *, env: dict[str, str], cwd: Path, port: int, log: Path):
        self.argv, self.env, self.cwd, self.port, self.log = argv, env, cwd, port, log
        self.proc: subprocess.Popen[bytes] | None = None
        self.peak_total = 0  # bytes: master plus workers
        self.peak_worker = 0  # bytes: the largest single worker
        self._stop = threading.Event()
        self._sampler: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = open(self.log, "ab")
        self.proc = subprocess.Popen(
            self.argv, env={**os.environ, **self.env}, cwd=self.cwd, stdout=out, stderr=out
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early; see {self.log}")
            try:
                httpx.get(self.url + "/", timeout=5)
                break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"server did not answer on {self.url}; see {self.log}")
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()
        return self

    def _sample(self) -> None:
        assert self.proc is not None
        master = psutil.Process(self.proc.pid)
        while not self._stop.is_set():
            try:
                procs = [master, *master.children(recursive=True)]
                sizes = [p.memory_info().rss for p in procs]
            except psutil.Error:
                sizes = []
            if sizes:
                self.peak_total = max(self.peak_total, sum(sizes))
                self.peak_worker = max(self.peak_worker, max(sizes[1:] or sizes))
            self._stop.wait(0.2)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._sampler:
            self._sampler.join()
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
