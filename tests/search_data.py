"""The search page's data files read back as a test reads them: independently of sitegen's code.

``read(files)`` takes a build's files (the dict make_files returns, or an output folder) and
gives columns.json, every results file's rows in order, each service's position from the
positions cells, and the slugs.
``services(data)`` decodes the table-coded columns (docs/search.md, "The search page's data")
with its own few lines, into one dict per service, as the old single store held them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def read(files: Mapping[str, bytes] | Path) -> dict[str, Any]:
    def load(name: str) -> Any:
        raw = files[name] if isinstance(files, Mapping) else (files / name).read_bytes()
        return json.loads(raw)

    store = load("search/columns.json")
    rows = [row for n in range(store["results"]["count"]) for row in load(f"search/results/{n}.json")]
    return {
        "store": store,
        "rows": rows,
        "positions": {
            ref: (lat / store["positions"]["scale"], lon / store["positions"]["scale"])
            for n in range(len(store["positions"]["cells"]))
            for ref, lat, lon in _cell(load(f"search/positions/{n}.json"))
        },
        "slugs": load("search/slugs.json"),
    }


def _cell(cell: dict[str, list[int]]) -> list[tuple[int, int, int]]:
    refs, ref = [], 0
    for delta in cell["refs"]:
        ref += delta
        refs.append(ref)
    return list(zip(refs, cell["lat"], cell["lon"], strict=True))


def _number(text: str) -> int:
    value = 0
    for ch in text:
        value = value * 62 + DIGITS.index(ch)
    return value


def services(data: dict[str, Any]) -> list[dict[str, Any]]:
    store = data["store"]
    count = store["count"]
    out: list[dict[str, Any]] = [{} for _ in range(count)]
    for key, column in store["columns"].items():
        width = column["width"]
        if key == "sessions":
            assert len(column["counts"]) == count
            at = 0
            for service, many in zip(out, column["counts"], strict=True):
                service[key] = []
                for _ in range(_number(many)):
                    rest = column["values"][_number(column["ids"][at * width : (at + 1) * width])]
                    service[key].append([int(column["days"][at]), *rest])
                    at += 1
            assert at == len(column["days"]) == len(column["ids"]) // width
        else:
            ids = column["ids"]
            assert len(ids) == count * width, key
            for i, service in enumerate(out):
                service[key] = column["values"][_number(ids[i * width : (i + 1) * width])]
    for i, service in enumerate(out):
        service["slug"], service["name"], service["area"], service["cost"] = data["rows"][i]
        service["lat"], service["lon"] = data["positions"].get(i, (None, None))
        assert data["slugs"][i] == service["slug"]
    return out


def make_files_with_whole_index(root: Path, today: Any) -> tuple[Any, dict[str, bytes]]:
    """make_files, plus each index whole as one packed file (``search/index.json``, ``search/more.json``):
    the form the page fetched before issue 21, which tests compare with lunr.py and the shards with."""
    from sitegen.build import make_files
    from sitegen.exports.search import index as search

    site, files = make_files(root, today)
    whole = {
        "search/index.json": search.index_json(site.services, site.pages).encode("utf-8"),
        "search/more.json": search.index_json(site.services, more=True).encode("utf-8"),
    }
    return site, {**files, **whole}
