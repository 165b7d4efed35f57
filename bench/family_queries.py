"""The family query set: what parents type into the search box, each with the intent behind it.

A query is the text a family types into the home page's or the search page's box (``q``), and
what they type into the search page's "Near" box if they use it (``near``). Its ``Intent`` says,
in the records' own terms, what the family is asking for: service types, an everyday concept
(the record words and fields that express it, in ``CONCEPTS``), a day, free, an age, a place.
The intent never names an answer: bench/search_oracle.py works the answers out from the records.

``bundled()`` is the set for the project's own records (every query quoted in issue 18 is in it);
``synthetic(records)`` makes a set of the same kinds from a synthetic site's own records (picking
real types, towns, days and postcode districts from them, with a seeded random generator), so
that every picked combination has an answer.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Concept:
    """An everyday idea, as records express it: a service of one of ``types``; or one of ``words``
    (whole words or phrases) in the record's text; or a yes in one of the ``yes`` fields."""

    types: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()
    yes: tuple[str, ...] = ()


CONCEPTS: dict[str, Concept] = {
    "toddler": Concept(frozenset({"toddler group"}), ("toddler", "toddlers")),
    "baby": Concept(frozenset({"baby group"}), ("baby", "babies")),
    "breastfeeding": Concept(
        frozenset({"breastfeeding support"}),
        ("breastfeeding", "breast feeding", "breastfeed", "infant feeding"),
    ),
    "rhyme time": Concept(frozenset({"rhyme time and music"}), ("rhyme", "rhymes", "rhymetime")),
    "singing": Concept(
        frozenset({"rhyme time and music"}), ("sing", "singing", "song", "songs", "sing song")
    ),
    "music": Concept(frozenset({"rhyme time and music"}), ("music", "musical")),
    "parent and toddler": Concept(
        frozenset({"toddler group", "stay and play"}),
        (
            "mums and tots",
            "mums and toddlers",
            "mothers and toddlers",
            "parent and toddler",
            "parents and toddlers",
        ),
    ),
    "playgroup": Concept(
        frozenset({"stay and play", "toddler group"}), ("playgroup", "playgroups", "play group")
    ),
    "dads": Concept(
        frozenset({"dads' group"}), ("dad", "dads", "father", "fathers", "grandad", "grandads", "male carers")
    ),
    "step free": Concept(
        frozenset(), ("wheelchair", "wheelchairs", "step free", "ramp"), ("venue.step_free",)
    ),
    "special needs": Concept(
        frozenset({"SEND support"}),
        (
            "send",
            "special needs",
            "special educational needs",
            "additional needs",
            "autism",
            "autistic",
            "disabled",
            "disability",
            "disabilities",
        ),
    ),
    "nursery": Concept(frozenset(), ("nursery", "nurseries", "preschool", "pre school")),
    "clinic": Concept(
        frozenset({"health visiting clinic"}),
        ("baby clinic", "health visitor", "health visitors", "health visiting", "weighing", "weigh"),
    ),
    "childminder": Concept(frozenset(), ("childminder", "childminders")),
    "massage": Concept(frozenset(), ("massage",)),
    "stories": Concept(frozenset(), ("story", "stories", "storytime", "books")),
    "polish": Concept(frozenset(), ("polish",)),
    "outdoor": Concept(frozenset({"outdoor play"}), ("forest", "outdoor", "outdoors")),
    "swimming": Concept(frozenset(), ("swimming", "swim", "swimmers")),
    "speech": Concept(frozenset({"speech and language"}), ("speech", "talking", "language development")),
    "young parents": Concept(frozenset({"young parents"}), ("young parents", "young mums", "young mothers")),
    "pregnancy": Concept(frozenset({"antenatal"}), ("pregnant", "pregnancy", "antenatal", "bump", "bumps")),
}


@dataclass(frozen=True)
class Intent:
    """What the family asks for. Every part given must hold for a service to be a right answer;
    ``place`` (a town, village, neighbourhood, postcode or postcode district) orders them."""

    types: tuple[str, ...] = ()  # any one of these service types
    concept: str | None = None  # a key of CONCEPTS
    day: str | None = None
    free: bool = False
    age: tuple[int, int] | None = None  # months, from (inclusive) to (exclusive)
    place: str | None = None

    def __post_init__(self) -> None:
        if self.concept is not None and self.concept not in CONCEPTS:
            raise ValueError(f"unknown concept {self.concept!r}: one of {', '.join(CONCEPTS)}")
        if self.day is not None and self.day not in DAYS:
            raise ValueError(f"unknown day {self.day!r}")


@dataclass(frozen=True)
class Query:
    q: str
    intent: Intent
    near: str = ""
    note: str = field(default="", compare=False)  # where it comes from, e.g. 'issue 18'


UNDER_1 = (0, 12)
UNDER_5 = (0, 60)
ISSUE = "issue 18"


def bundled() -> list[Query]:
    """The query set for the project's own records (content/services/)."""
    stay, baby_group, messy = ("stay and play",), ("baby group",), ("messy and creative play",)
    toddler_group, rhyme = ("toddler group",), ("rhyme time and music",)
    return [
        # typos
        Query("todler", Intent(concept="toddler"), note=ISSUE),
        Query("brestfeeding", Intent(concept="breastfeeding")),
        Query("brest feeding", Intent(concept="breastfeeding")),
        Query("rhymetime", Intent(concept="rhyme time"), note=ISSUE),
        Query("toddlr group", Intent(types=toddler_group)),
        Query("messy paly", Intent(types=messy)),
        Query("speach therapy", Intent(concept="speech")),
        Query("playgrop", Intent(concept="playgroup")),
        Query("bicster", Intent(place="Bicester")),
        Query("banbury stay and paly", Intent(types=stay, place="Banbury")),
        Query("bumps and babys", Intent(concept="pregnancy")),
        # everyday words
        Query("mums and tots", Intent(concept="parent and toddler"), note=ISSUE),
        Query("parent and toddler", Intent(concept="parent and toddler")),
        Query("breast feeding", Intent(concept="breastfeeding"), note=ISSUE),
        Query("breast-feeding", Intent(concept="breastfeeding"), note=ISSUE),
        Query("breastfeeding", Intent(concept="breastfeeding")),
        Query("father", Intent(concept="dads"), note=ISSUE),
        Query("dad", Intent(concept="dads"), note=ISSUE),
        Query("dads", Intent(concept="dads")),
        Query("wheelchair", Intent(concept="step free"), note=ISSUE),
        Query("step free", Intent(concept="step free"), note=ISSUE),
        Query("autism", Intent(concept="special needs"), note=ISSUE),
        Query("special needs", Intent(concept="special needs")),
        Query("nursery", Intent(concept="nursery"), note=ISSUE),
        Query("singing", Intent(concept="singing")),
        Query("music", Intent(concept="music")),
        Query("baby clinic", Intent(concept="clinic")),
        Query("health visitor", Intent(concept="clinic")),
        Query("baby weighing", Intent(concept="clinic")),
        Query("childminder", Intent(concept="childminder")),
        Query("baby massage", Intent(concept="massage")),
        Query("story time", Intent(concept="stories")),
        Query("polish", Intent(concept="polish")),
        Query("forest school", Intent(concept="outdoor")),
        Query("swimming", Intent(concept="swimming")),
        Query("young mums", Intent(concept="young parents")),
        Query("pregnant", Intent(concept="pregnancy")),
        Query("stay and play", Intent(types=stay)),
        Query("baby group", Intent(types=baby_group)),
        Query("messy play", Intent(types=messy)),
        Query("parenting course", Intent(types=("parenting course",))),
        # places typed into the one box
        Query("Banbury", Intent(place="Banbury")),
        Query("Headington", Intent(place="Headington")),
        Query("Oxford", Intent(place="Oxford")),
        Query("Deddington", Intent(place="Deddington")),
        Query("Chinnor", Intent(place="Chinnor")),
        Query("Hook Norton", Intent(place="Hook Norton")),
        Query("Cowley", Intent(place="Cowley")),
        Query("Grimsbury", Intent(place="Grimsbury")),
        Query("OX4", Intent(place="OX4")),
        Query("OX16", Intent(place="OX16")),
        Query("OX14 3JS", Intent(place="OX14 3JS")),
        Query("SW1A 1AA", Intent(place="SW1A 1AA"), note=ISSUE),
        # places in the Near box
        Query("", Intent(place="Headington"), near="Headington", note=ISSUE),
        Query("", Intent(place="Deddington"), near="Deddington", note=ISSUE),
        Query("", Intent(place="SW1A 1AA"), near="SW1A 1AA", note=ISSUE),
        Query("", Intent(place="Oxford"), near="Oxford"),
        Query("", Intent(place="Grimsbury"), near="Grimsbury"),
        Query("stay and play", Intent(types=stay, place="Abingdon"), near="Abingdon", note=ISSUE),
        Query("stay and play", Intent(types=stay, place="OX16"), near="OX16"),
        Query("baby group", Intent(types=baby_group, place="OX4 6HW"), near="OX4 6HW"),
        Query("toddler group", Intent(types=toddler_group, place="Witney"), near="Witney"),
        Query("free", Intent(free=True, place="Kidlington"), near="Kidlington"),
        Query("free stay and play", Intent(types=stay, free=True, place="OX16"), near="OX16"),
        # days
        Query("on a Tuesday", Intent(day="Tuesday")),
        Query("saturday", Intent(day="Saturday")),
        Query("sunday", Intent(day="Sunday")),
        Query("stay and play on saturday", Intent(types=stay, day="Saturday")),
        Query("baby group tuesday", Intent(types=baby_group, day="Tuesday")),
        # cost
        Query("free", Intent(free=True)),
        Query("free stay and play", Intent(types=stay, free=True), note=ISSUE),
        Query("free messy play", Intent(types=messy, free=True)),
        # ages
        Query("under 1", Intent(age=UNDER_1)),
        Query("toddler", Intent(concept="toddler")),
        Query("babies", Intent(concept="baby")),
        Query("under 5s", Intent(age=UNDER_5)),
        # combinations
        Query(
            "free baby group near OX16 on a Tuesday",
            Intent(types=baby_group, free=True, day="Tuesday", place="OX16"),
            note=ISSUE,
        ),
        Query(
            "messy play banbury saturday", Intent(types=messy, day="Saturday", place="Banbury"), note=ISSUE
        ),
        Query("stay and play near Abingdon", Intent(types=stay, place="Abingdon"), note=ISSUE),
        Query("stay and play abingdon", Intent(types=stay, place="Abingdon"), note=ISSUE),
        Query("rhyme time bicester", Intent(types=rhyme, place="Bicester")),
        Query("baby group near OX4 on a Tuesday", Intent(types=baby_group, day="Tuesday", place="OX4")),
        Query("free toddler group witney", Intent(types=toddler_group, free=True, place="Witney")),
        Query("dads group saturday", Intent(concept="dads", day="Saturday")),
        Query("breastfeeding kidlington", Intent(concept="breastfeeding", place="Kidlington")),
        Query("singing banbury", Intent(concept="singing", place="Banbury")),
        Query("baby clinic kidlington", Intent(concept="clinic", place="Kidlington")),
        Query("send stay and play oxford", Intent(types=stay, concept="special needs", place="Oxford")),
        Query("toddler group under 1", Intent(types=toddler_group, age=UNDER_1)),
    ]


# Everyday words for the synthetic site: each concept with the words a family would type for it.
EVERYDAY = [
    ("dads", "dads"),
    ("father", "dads"),
    ("singing", "singing"),
    ("breast feeding", "breastfeeding"),
    ("brestfeeding", "breastfeeding"),
    ("wheelchair", "step free"),
    ("step free", "step free"),
    ("polish", "polish"),
    ("childminder", "childminder"),
    ("mums and tots", "parent and toddler"),
    ("baby clinic", "clinic"),
    ("special needs", "special needs"),
    ("autism", "special needs"),
    ("todler", "toddler"),
    ("rhymetime", "rhyme time"),
    ("nursery", "nursery"),
    ("swimming", "swimming"),
]


# What a family types for each service type (the records' own names are the council's words).
SAID = {
    "rhyme time and music": "rhyme time",
    "messy and creative play": "messy play",
    "health visiting clinic": "baby clinic",
    "breastfeeding support": "breastfeeding",
    "dads' group": "dads group",
    "SEND support": "send group",
    "speech and language": "speech and language",
    "young parents": "young parents group",
    "antenatal": "antenatal class",
}


def said(kind: str) -> str:
    return SAID.get(kind, kind)


def typo(text: str) -> str:
    """A phone typo: the longest word loses its middle letter ('toddler' -> 'todler')."""
    words = text.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    words[longest] = word[: len(word) // 2] + word[len(word) // 2 + 1 :]
    return " ".join(words)


def synthetic(records: Sequence[Mapping], seed: int = 18) -> list[Query]:
    """A query set made from a synthetic site's own records, read plainly (dicts from PyYAML):
    the types, towns, neighbourhoods, days and postcode districts it picks are the records' own
    (a type typed as a family would say it: SAID), and each combination comes from one record,
    so it has at least one answer."""
    rng = random.Random(seed)
    types = sorted({kind for record in records for kind in record["types"]})
    towns = sorted({record["venue"]["town"] for record in records})
    areas = sorted({record["venue"]["area"] for record in records if record["venue"].get("area")})
    districts = sorted({record["venue"]["postcode"].split()[0] for record in records})
    with_sessions = [record for record in records if record.get("sessions")]
    free_with_sessions = [record for record in with_sessions if str(record["cost"]["price"]) == "free"]

    def pick(population: Sequence, count: int) -> list:
        return rng.sample(population, min(count, len(population)))

    def one_of(record: Mapping) -> tuple[str, str, str, str]:
        kind = rng.choice(record["types"])
        day = rng.choice(record["sessions"])["day"]
        return kind, record["venue"]["town"], record["venue"]["postcode"].split()[0], day

    queries = [Query(said(kind), Intent(types=(kind,))) for kind in pick(types, 10)]
    queries += [Query(typo(said(kind)), Intent(types=(kind,))) for kind in pick(types, 6)]
    queries += [Query(words, Intent(concept=concept)) for words, concept in EVERYDAY]
    queries += [Query(town, Intent(place=town)) for town in pick(towns, 6)]
    queries += [Query(area, Intent(place=area)) for area in pick(areas, 4)]
    queries += [Query("", Intent(place=district), near=district) for district in pick(districts, 4)]
    queries += [
        Query("", Intent(place="SW1A 1AA"), near="SW1A 1AA"),
        Query("SW1A 1AA", Intent(place="SW1A 1AA")),
        Query("", Intent(place="Deddington"), near="Deddington"),
        Query("Deddington", Intent(place="Deddington")),
        Query("free", Intent(free=True)),
        Query("under 1", Intent(age=UNDER_1)),
    ]
    queries += [Query(f"on a {day}", Intent(day=day)) for day in pick(DAYS[:6], 3)]
    for record in pick(with_sessions, 6):
        kind, town, _, _ = one_of(record)
        queries.append(Query(f"{said(kind)} {town.lower()}", Intent(types=(kind,), place=town)))
    for record in pick(with_sessions, 6):
        kind, _, district, _ = one_of(record)
        queries.append(Query(said(kind), Intent(types=(kind,), place=district), near=district))
    for record in pick(free_with_sessions, 6):
        kind, _, district, day = one_of(record)
        queries.append(
            Query(
                f"free {said(kind)} near {district} on a {day}",
                Intent(types=(kind,), free=True, day=day, place=district),
            )
        )
    for record in pick(with_sessions, 6):
        kind, town, _, day = one_of(record)
        queries.append(
            Query(f"{said(kind)} {town.lower()} {day.lower()}", Intent(types=(kind,), day=day, place=town))
        )
    for record in pick(free_with_sessions, 4):
        kind, _, _, day = one_of(record)
        queries.append(Query(f"free {said(kind)} on a {day}", Intent(types=(kind,), free=True, day=day)))
    return queries
