"""One child process measured: wall time, CPU time and peak memory, from ``wait4``."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path


def run(command: list[str], env: dict[str, str], cwd: Path | None = None) -> dict:
    """*command*'s wall time, CPU time (user + system, with the processes it
    waited for: Sphinx's workers, XeLaTeX's xdvipdfmx) and peak memory (its
    largest process; ``RUSAGE_CHILDREN`` would give the largest child so far),
    with its exit code and output."""
    with tempfile.TemporaryFile("w+", errors="replace") as out, \
            tempfile.TemporaryFile("w+", errors="replace") as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                 text=True)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
                "peak_mib": usage.ru_maxrss / 1024, "returncode": os.waitstatus_to_exitcode(status),
                "stdout": out.read(), "stderr": err.read()}
