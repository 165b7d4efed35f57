"""CPU time to turn service descriptions into sanitised HTML: sitegen's own reading of plain
Markdown (sitegen/model/simple_markdown.py, python-markdown for the rest) against python-markdown
for every description, as before it. Prints medians of alternating runs, and checks the bytes agree.

    .venv/bin/python bench/description_markdown.py                      # tests' 300 peers' descriptions
    .venv/bin/python bench/description_markdown.py --root /tmp/site10000 --runs 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from sitegen.model import markdown, simple_markdown  # noqa: E402


def descriptions(root: Path | None) -> list[str]:
    if root is None:
        return json.loads(
            (PROJECT / "tests/fixtures/markdown/peers-descriptions.json").read_text(encoding="utf-8")
        )
    found = []
    for file in sorted((root / "content" / "services").glob("*.yml")):
        record = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        if isinstance(record, dict) and isinstance(record.get("description"), str):
            found.append(record["description"])
    return found


def plain(text: str) -> str:
    return markdown._sanitised_description(markdown._python_markdown_description(text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, help="a sitegen project whose records' descriptions to convert")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    texts = descriptions(args.root)
    accepted = sum(simple_markdown.to_html(text) is not None for text in texts)
    different = sum(markdown.record_description(text) != plain(text) for text in texts)
    times: dict[str, list[float]] = {"python-markdown + nh3": [], "fast path + nh3": []}
    for _ in range(args.runs):
        for name, convert in (
            ("python-markdown + nh3", plain),
            ("fast path + nh3", markdown.record_description),
        ):
            start = time.process_time()
            for text in texts:
                convert(text)
            times[name].append((time.process_time() - start) * 1000 / len(texts) * 1000)
    print(f"{len(texts):,} descriptions, {accepted:,} ({accepted / len(texts):.1%}) read by the fast path, "
          f"{different} with different bytes")  # fmt: skip
    for name, runs in times.items():
        print(f"{name:>22}: {statistics.median(runs):7.1f} ms CPU per 1,000 descriptions (runs: "
              + ", ".join(f"{r:.1f}" for r in runs) + ")")  # fmt: skip
    before, after = (statistics.median(runs) for runs in times.values())
    print(f"{'ratio':>22}: {after / before:.2f}")


if __name__ == "__main__":
    main()
