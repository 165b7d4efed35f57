"""Make a synthetic directory of N realistic service records, the same every time for the same N.

    python bench/synthetic.py 1000 /tmp/site-1000

writes site.yml, term-dates.yml (copied from the project), content/services/*.yml and one
guidance page. Names, places, sessions, costs and descriptions are drawn from realistic
pieces with a seeded random generator, so sizes and timings are comparable between runs.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

PLACES = [
    ("Banbury", "OX16", 52.0629, -1.3398),
    ("Bicester", "OX26", 51.8998, -1.1537),
    ("Kidlington", "OX5", 51.8231, -1.2877),
    ("Witney", "OX28", 51.7836, -1.4854),
    ("Carterton", "OX18", 51.7594, -1.5947),
    ("Chipping Norton", "OX7", 51.9415, -1.5453),
    ("Abingdon", "OX14", 51.6708, -1.2823),
    ("Didcot", "OX11", 51.6080, -1.2448),
    ("Wantage", "OX12", 51.5886, -1.4266),
    ("Wallingford", "OX10", 51.5999, -1.1250),
    ("Henley-on-Thames", "RG9", 51.5357, -0.9030),
    ("Thame", "OX9", 51.7453, -0.9747),
    ("Faringdon", "SN7", 51.6556, -1.5860),
    ("Woodstock", "OX20", 51.8480, -1.3540),
    ("Eynsham", "OX29", 51.7800, -1.3740),
    ("Oxford", "OX4", 51.7284, -1.2262),
    ("Oxford", "OX3", 51.7580, -1.2150),
    ("Oxford", "OX2", 51.7660, -1.3046),
]
AREAS = {
    "OX4": ["Blackbird Leys", "Rose Hill", "Cowley", "Littlemore"],
    "OX3": ["Barton", "Headington", "Marston"],
    "OX2": ["Jericho", "Botley"],
}
FIRST = [
    "Little",
    "Tiny",
    "Busy",
    "Happy",
    "Sunny",
    "Rainbow",
    "Acorn",
    "Bumble",
    "Jolly",
    "Cosy",
    "Starlight",
    "St Mary's",
    "St John's",
    "Oak Tree",
    "Willow",
    "Meadow",
    "Riverside",
    "Hilltop",
    "Orchard",
    "Baby",
]
SECOND = [
    "Tots",
    "Bees",
    "Stars",
    "Steps",
    "Explorers",
    "Ducklings",
    "Cubs",
    "Seedlings",
    "Owls",
    "Sparrows",
    "Footprints",
    "Pebbles",
    "Bumps",
    "Friends",
    "Wrigglers",
]
KINDS = {
    "stay and play": "Stay and Play",
    "baby group": "Baby Group",
    "toddler group": "Toddler Group",
    "rhyme time and music": "Rhyme Time",
    "messy and creative play": "Messy Play",
    "outdoor play": "Forest Tots",
    "health visiting clinic": "Baby Clinic",
    "breastfeeding support": "Feeding Cafe",
    "family support": "Family Drop-in",
    "parenting course": "Parenting Course",
    "SEND support": "SEND Group",
    "speech and language": "Chatterbox",
    "dads' group": "Dads and Tots",
    "young parents": "Young Parents Group",
    "antenatal": "Bumps Group",
}
PROVIDERS = [
    ("community group", "Community Association"),
    ("parents' group", "Parents' Group"),
    ("parish or town council", "Town Council"),
    ("faith group", "Church"),
    ("charity", "Family Trust"),
    ("council children and family centre", "Children and Family Centre"),
    ("NHS", "Health Visiting Team"),
    ("library", "Library"),
]
VENUES = [
    "Village Hall",
    "Community Centre",
    "Methodist Church Hall",
    "St Mary's Church Hall",
    "Library",
    "Children and Family Centre",
    "Scout Hut",
    "Baptist Church",
    "Memorial Hall",
    "Sports Pavilion",
]
SENTENCES = [
    "Come along for toys, songs and a cup of tea.",
    "Babies and toddlers play while grown-ups chat and make friends.",
    "Every session ends with singing time, with shakers and scarves.",
    "Our volunteers have DBS checks and first aid training.",
    "Health visitors drop in once a month to answer questions about feeding and sleep.",
    "There is a quiet corner for babies who are not yet crawling.",
    "We have messy play most weeks, so bring a change of clothes.",
    "Dads, mums, grandparents and childminders are all welcome.",
    "Healthy Start vitamins are available on the day.",
    "The hall has a garden, and we play outside when the weather is good.",
    "We speak English, Polish and Urdu, and we are happy to help with forms.",
    "Free fruit and milk for children at every session.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def record(rng: random.Random, number: int) -> tuple[str, str]:
    kind = rng.choice(list(KINDS))
    town, district, lat, lon = rng.choice(PLACES)
    area = rng.choice(AREAS[district]) if district in AREAS else None
    name = f"{rng.choice(FIRST)} {rng.choice(SECOND)} {KINDS[kind]}"
    slug = "-".join("".join(c if c.isalnum() else " " for c in name.lower().replace("'", "")).split())
    slug = f"{slug}-{number}"
    provider_kind, provider_word = rng.choice(PROVIDERS)
    place = area or town
    lines = [
        f'name: "{name}"',
        f'summary: "A friendly {kind} in {place} for families with young children."',
        "description: |",
        *[f"  {s}" for s in rng.sample(SENTENCES, 3)],
        f'types: ["{kind}"]',
        "run_by:",
        f'  organisation: "{place} {provider_word}"',
        f'  kind: "{provider_kind}"',
        "ages:",
        "  from: 0 months",
        f"  to: {rng.choice(['12 months', '2 years', '4 years', '5 years'])}",
        "sessions:",
    ]
    for day in sorted(rng.sample(DAYS, rng.choice([1, 1, 2, 3])), key=DAYS.index):
        start = rng.choice([9, 9, 10, 13, 14])
        lines += [
            f"  - day: {day}",
            f"    start: {start:02d}:{rng.choice(['00', '15', '30'])}",
            f"    end: {start + 2:02d}:00",
            f"    term_time_only: {rng.choice(['yes', 'no'])}",
        ]
    postcode = f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    lines += [
        "venue:",
        f'  name: "{rng.choice(VENUES)}"',
        f'  address: "{rng.randint(1, 120)} {rng.choice(["High Street", "Church Lane", "Mill Road", "Park Way"])}"',
        f'  town: "{town}"',
        *([f'  area: "{area}"'] if area else []),
        f"  postcode: {postcode}",
        f"  latitude: {lat + rng.uniform(-0.02, 0.02):.4f}",
        f"  longitude: {lon + rng.uniform(-0.03, 0.03):.4f}",
        f"  step_free: {rng.choice(['yes', 'no'])}",
        "cost:",
        f"  price: {rng.choice(['free', 'free', '1.50', '2.00', '3.00'])}",
        f"  per: {rng.choice(['family', 'child'])}",
        "booking:",
        f"  required: {rng.choice(['no', 'no', 'no', 'yes'])}",
        "  how: Ring or email us to book a place.",
        "contact:",
        # 01632 960000 was the placeholder 'sitegen new' wrote until issue 21; the same random draws as before
        f"  phone: 01632 960{max(1, rng.randint(0, 999)):03d}",
        f"  email: hello{number}@example.org",
        f"last_reviewed: 2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
    ]
    return slug, "\n".join(lines) + "\n"


def make(count: int, folder: Path, seed: int = 2026) -> Path:
    """Write a site of ``count`` synthetic records into ``folder`` (replacing its content/)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "site.yml", folder / "site.yml")
    shutil.copy(PROJECT / "term-dates.yml", folder / "term-dates.yml")
    services = folder / "content" / "services"
    if services.exists():
        shutil.rmtree(services)
    services.mkdir(parents=True)
    pages = folder / "content" / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    (pages / "start-here.md").write_text(
        "---\ntitle: Start here\nsummary: How to run a service.\norder: 1\nlast_reviewed: 2026-10-01\n---\n"
        "## Who can run a service\n\nAny community group can.\n",
        encoding="utf-8",
    )
    for number in range(count):
        slug, text = record(rng, number)
        (services / f"{slug}.yml").write_text(text, encoding="utf-8")
    return folder


if __name__ == "__main__":
    make(int(sys.argv[1]), Path(sys.argv[2]))
