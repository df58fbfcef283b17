"""Run one Sphinx build in this process; print its peak memory (with workers)."""

import resource
import sys

from sphinx.cmd.build import build_main

status = build_main(sys.argv[1:])
peak_kib = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(f"PEAK_KIB={peak_kib}", flush=True)
sys.exit(status)
