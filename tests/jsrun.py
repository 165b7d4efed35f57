"""Run the theme's real schedule.js, search.js, shards.js, shortlist.js and lunr.js in Node, for tests that compare them with the Python side."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
LUNR = PROJECT / "node_modules" / "lunr"
SCHEDULE_JS = PROJECT / "themes" / "default" / "static" / "schedule.js"
SEARCH_JS = PROJECT / "themes" / "default" / "static" / "search.js"
SHORTLIST_JS = PROJECT / "themes" / "default" / "static" / "shortlist.js"
QUERY_JS = PROJECT / "themes" / "default" / "static" / "query.js"
SHARDS_JS = PROJECT / "themes" / "default" / "static" / "shards.js"

PRELUDE = f"""
global.window = global;
global.document = {{ querySelectorAll: () => [], addEventListener: () => {{}} }};
global.lunr = require({json.dumps(str(LUNR))});
require({json.dumps(str(SCHEDULE_JS))});
require({json.dumps(str(SHARDS_JS))});
require({json.dumps(str(SEARCH_JS))});
require({json.dumps(str(SHORTLIST_JS))});
require({json.dumps(str(QUERY_JS))});
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const d = window.sgDirectory;
const shortlist = window.sgShortlist;
const shards = window.sgShards;
"""


def run_js(body: str, data: Any, timeout: float = 120) -> Any:
    """Run ``body`` with ``input`` (the data), ``lunr``, ``d`` (sgDirectory), ``shortlist``
    (sgShortlist) and ``shards`` (sgShards); it must print JSON within ``timeout`` seconds."""
    done = subprocess.run(
        ["node", "-e", PRELUDE + body],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
