"""The theme's scripts and style sheet, minified as the build copies them, do what the sources do."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from sitegen.site.render import minified
from tests import search_data
from tests.conftest import SMALL_SITE, TODAY
from tests.jsrun import LUNR

STATIC = Path(__file__).resolve().parent.parent / "themes" / "default" / "static"
SCRIPTS = ["schedule.js", "query.js", "shards.js", "search.js", "shortlist.js"]

RUN = """
global.window = global;
global.document = { querySelectorAll: () => [], addEventListener: () => {} };
global.lunr = require(%(lunr)s);
for (const file of %(files)s) require(file);
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const d = window.sgDirectory, index = lunr.Index.load(d.unpack(input.index));
console.log(JSON.stringify({
  api: Object.keys(d).sort().concat(Object.keys(window.sgQuery).sort(), Object.keys(window.sgShards).sort()),
  found: input.queries.map(q => [true, false].map(fuzzy => (d.find(index, q, input.synonyms, fuzzy) || []).map(m => [m.ref, m.score]))),
  words: input.queries.map(q => d.words(q)),
  understood: input.queries.map(q => window.sgQuery.understand(d.words(q), { types: input.types, districts: {}, places: {},
    placeNames: {}, synonyms: input.synonyms, stem: w => lunr.stemmer(new lunr.Token(w)).toString(),
    isStopWord: w => lunr.stopWordFilter(w) === undefined, today: 2 })),
}));
"""

QUERIES = [
    "stay and play",
    "toddlr group",
    "baby massage on a tuesday",
    "free messy play",
    "10:30",
    "Barnardo's",
    "breast feeding near banbury",
    "rhyme",
    "under 1s",
    "heal",
]


def _run(folder: Path, data: dict) -> dict:
    files = [str(folder / name) for name in SCRIPTS]
    body = RUN % {"lunr": json.dumps(str(LUNR)), "files": json.dumps(files)}
    done = subprocess.run(
        ["node", "-e", body], input=json.dumps(data), capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_minified_scripts_answer_every_query_as_the_sources_do(tmp_path):
    _, files = search_data.make_files_with_whole_index(SMALL_SITE, TODAY)
    columns = json.loads(files["search/columns.json"])
    for name in SCRIPTS:
        (tmp_path / name).write_bytes(files["assets/" + name])
        assert len(files["assets/" + name]) < 0.8 * len((STATIC / name).read_bytes()), name
    data = {
        "index": json.loads(files["search/index.json"]),
        "synonyms": columns["synonyms"],
        "types": columns["types"],
        "queries": QUERIES,
    }
    source, small = _run(STATIC, data), _run(tmp_path, data)
    assert small == source
    assert any(found[0] for found in source["found"])  # the queries find something to compare


def test_the_minified_style_sheet_keeps_every_rule():
    css = (STATIC / "site.css").read_text(encoding="utf-8")
    small = minified("site.css", css.encode("utf-8")).decode("utf-8")

    def rules(text: str) -> list[str]:
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        return [re.sub(r"\s+", "", selector) for selector in re.findall(r"([^{}]+)\{", text)]

    assert rules(small) == rules(css) and len(small) < 0.9 * len(css)


def test_files_already_minified_and_other_assets_are_copied_as_they_are():
    assert minified("lunr.min.js", b"/* keep */ var a = 1;") == b"/* keep */ var a = 1;"
    assert minified("favicon.svg", b"<svg>  </svg>") == b"<svg>  </svg>"
