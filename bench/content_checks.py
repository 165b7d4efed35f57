"""Time the content-only pull request checks on a fresh clone, as the workflow runs them.

    python3 bench/content_checks.py                  # make install-content, then validate, check, build
    python3 bench/content_checks.py --install install --runs 3   # the same with the full `make install`

Each run clones the repository's committed HEAD into a new temporary folder (no .venv/, no
node_modules/, no output/), then times, one after another, the steps of the pull request
workflow's "content" job: the install target, ``sitegen validate --format github``, ``sitegen
check --format github`` and ``sitegen build``. It prints each step's median over --runs runs and
the median of the totals. pip's download cache (~/.cache/pip) is left as it is: the workflow
keeps the same cache between runs with actions/setup-python's ``cache: pip``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
STEPS = (
    ("validate", [".venv/bin/sitegen", "validate", "--format", "github"]),
    ("check", [".venv/bin/sitegen", "check", "--format", "github"]),
    ("build", [".venv/bin/sitegen", "build"]),
)


def one_run(install: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="content-checks-") as folder:
        clone = Path(folder) / "clone"
        subprocess.run(["git", "clone", "--quiet", str(PROJECT), str(clone)], check=True)
        times: dict[str, float] = {}
        for name, command in ((f"make {install}", ["make", install]), *STEPS):
            start = time.perf_counter()
            done = subprocess.run(command, cwd=clone, capture_output=True, text=True)
            times[name] = time.perf_counter() - start
            # check exits 0 with warnings; each step must succeed, as it must on a good pull request
            if done.returncode != 0:
                sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
        times["total"] = sum(times.values())
        return times


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--install", default="install-content", help="the make target to install with")
    options.add_argument("--runs", type=int, default=3)
    args = options.parse_args()
    runs = [one_run(args.install) for _ in range(args.runs)]
    for name in runs[0]:
        each = ", ".join(f"{run[name]:.1f}" for run in runs)
        print(f"{name:>24}: median {statistics.median(run[name] for run in runs):6.1f} s  ({each})")


if __name__ == "__main__":
    main()
