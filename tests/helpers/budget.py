"""A command run within a resource budget: killed after a time limit, its peak memory measured.

The peak is the largest resident set of the command and of every process it
started and waited for (Sphinx, its parallel workers, the XeLaTeX driver,
XeLaTeX), as Linux reports it to ``wait4``. An address-space limit, far above
the budget, stops a runaway allocation before it takes the machine down.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BUDGET_SECONDS = 30
BUDGET_BYTES = 1 << 30  # 1 GiB
ADDRESS_SPACE = 6 << 30  # per process: XeLaTeX and Python reserve far more than they touch


@dataclass(frozen=True)
class Run:
    returncode: int
    seconds: float
    peak_bytes: int
    stdout: str
    stderr: str
    timed_out: bool

    def within(self, seconds: float = BUDGET_SECONDS, peak: int = BUDGET_BYTES) -> bool:
        return not self.timed_out and self.seconds <= seconds and self.peak_bytes < peak

    def describe(self) -> str:
        return f"{self.seconds:.1f} s, {self.peak_bytes / 2**20:.0f} Mio" + (" (temps dépassé)" if self.timed_out else "")


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_limited(command: list[str], *, cwd, timeout: float = BUDGET_SECONDS * 2, env: dict[str, str] | None = None) -> Run:
    """Run *command*; kill it and its process group after *timeout* seconds."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True,
                                   preexec_fn=_limit_address_space)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                timed_out = True
                os.killpg(process.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.05)
        seconds = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        try:  # what the group left behind (a grandchild XeLaTeX after a kill)
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out.seek(0)
        err.seek(0)
        return Run(process.returncode, seconds, usage.ru_maxrss * 1024, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"), timed_out)


def one_page_site(destination, files: dict[str, bytes | str], links=()) -> Path:
    """A copy of the site's sources whose testimonials are only *files* (paths under the source folder)
    and symbolic *links* ``(link, target)``: a site of one page, or of the few a case needs."""
    import shutil

    from tests.helpers import ROOT
    from tests.helpers.site import copy_site_sources

    source = copy_site_sources(ROOT, Path(destination))
    shutil.rmtree(source / "temoignages")
    (source / "temoignages").mkdir()
    shutil.copyfile(ROOT / "temoignages" / "index.md", source / "temoignages" / "index.md")
    for relative, content in files.items():
        path = source / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    for link, target in links:
        (source / link).symlink_to(target)
    return source


def build_within_budget(source: Path, build_dir: Path, *args: str, timeout: float = BUDGET_SECONDS * 3) -> Run:
    """``python -m kb build`` of *source*, killed after *timeout* seconds, its time and peak memory measured."""
    import sys

    from tests.helpers import ROOT

    return run_limited([sys.executable, "-m", "kb", "--source", str(source), "--build-dir", str(build_dir), "build",
                        *args], cwd=ROOT, timeout=timeout)
