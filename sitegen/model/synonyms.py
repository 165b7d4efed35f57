"""The search synonyms: groups of words and phrases that mean the same to a family searching.

A parent types "mums and tots", "breast feeding" or "dad"; the records say "parent and toddler",
"breastfeeding" and "fathers". The council keeps the groups in a YAML file
(``content/search-synonyms.yml``, or the file ``synonyms:`` in site.yml names); the build checks it
like every other file and hands the groups to the search page, which finds the services that say
any phrase of a group when a family types one of them.
"""

from __future__ import annotations

from sitegen.load.source import load_yaml
from sitegen.model import schema
from sitegen.problems import Problem

Groups = tuple[tuple[str, ...], ...]


def _folded(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def synonym_groups(file: str, raw: bytes) -> tuple[Groups, list[Problem]]:
    """Read and check the synonyms file: each phrase has a letter or digit, and is in one group only."""
    document, problems = load_yaml(file, raw)
    if document is None:
        return (), problems
    clean, problems = schema.validate(schema.SYNONYMS, document)
    if problems:
        return (), problems
    seen: dict[str, int] = {}
    for number, group in enumerate(clean["groups"]):
        for index, phrase in enumerate(group):
            path = ("groups", number, index)
            if not any(char.isalnum() for char in phrase):
                problems.append(document.problem(path, f"{phrase!r} has no letters or digits to search for"))
                continue
            folded = _folded(phrase)
            if folded in seen:
                line = document.position(("groups", seen[folded]))[0]
                problems.append(
                    document.problem(
                        path,
                        f"{phrase!r} is also in the group on line {line}",
                        "keep each word or phrase in one group: join the two groups if they mean the same",
                    )
                )
                continue
            seen[folded] = number
    if problems:
        return (), problems
    return tuple(tuple(group) for group in clean["groups"]), []
