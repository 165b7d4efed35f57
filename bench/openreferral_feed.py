"""What the Open Referral UK feed's addresses add to the export, by endpoint, with one command.

    .venv/bin/python bench/openreferral_feed.py 10000    # 3 runs; --runs N for more

Makes a synthetic directory of N services (bench/synthetic.py: the same records every time),
loads it once, then times export_stream (the files written before the feed addresses:
services.json and services/<id>.json) and feed_stream (what a build writes: those, the same
bytes at the API's addresses, and the taxonomies, taxonomy terms and services at locations),
each as the median of --runs runs, and counts the files and bytes each endpoint adds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.synthetic import make  # noqa: E402
from sitegen.exports import openreferral  # noqa: E402
from sitegen.load import files  # noqa: E402
from sitegen.model import content  # noqa: E402
from tests.conftest import TODAY  # noqa: E402


def endpoint(path: str, before: set[str]) -> str:
    """Which part of the feed a file belongs to: as before, or the endpoint whose address it is."""
    if path in before:
        return "as before (services.json, services/<id>.json)"
    parts = path.split("/")
    if len(parts) == 2:
        return "/ (root document)"
    if parts[-1].startswith("index."):
        return f"/{parts[1]} (the list's index files)"
    return f"/{parts[1]}/{{id}}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("count", type=int)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = content.make_site(files.read_sources(make(args.count, Path(folder))), TODAY)
    times: dict[str, list[float]] = {"export_stream": [], "feed_stream": []}
    made: dict[str, dict[str, bytes]] = {}
    for _ in range(args.runs):
        for name, stream in (
            ("export_stream", openreferral.export_stream),
            ("feed_stream", openreferral.feed_stream),
        ):
            start = time.perf_counter()
            made[name] = dict(stream(site))
            times[name].append(time.perf_counter() - start)
    before = set(made["export_stream"])
    count: Counter[str] = Counter()
    size: Counter[str] = Counter()
    for path, data in made["feed_stream"].items():
        count[endpoint(path, before)] += 1
        size[endpoint(path, before)] += len(data)
    print(f"{len(site.services)} services, medians of {args.runs} runs")
    for name, runs in times.items():
        print(f"  {name}: {statistics.median(runs):.2f} s  ({', '.join(f'{t:.2f}' for t in runs)})")
    print(f"  {'files':>8} {'MB':>8}  part of the feed")
    for part in sorted(count, key=lambda p: (not p.startswith("as before"), p)):
        print(f"  {count[part]:>8,} {size[part] / 1e6:>8.1f}  {part}")
    print(f"  {sum(count.values()):>8,} {sum(size.values()) / 1e6:>8.1f}  in all")


if __name__ == "__main__":
    main()
