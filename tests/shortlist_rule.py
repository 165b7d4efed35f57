"""What shortlist.js keeps of a saved or shared list, written again plainly in Python: the tests' oracle."""

from __future__ import annotations

import re
from typing import Any

ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # a record's file name: sitegen/model/content.py's SLUG
ID_LONGEST = 80
MOST = 500
LINK_LONGEST = MOST * (ID_LONGEST + 1)  # characters of a shared link's ids that are read


def kept_ids(saved: Any) -> list[str]:
    """The ids a list keeps: text shaped like a service's id, each once, in order, at most MOST."""
    if not isinstance(saved, list):
        return []
    kept: list[str] = []
    for item in saved:
        if len(kept) == MOST:
            break
        if isinstance(item, str) and len(item) <= ID_LONGEST and ID.fullmatch(item) and item not in kept:
            kept.append(item)
    return kept


def ids_in_link(text: str) -> list[str]:
    """The ids a shared link's ``?ids=`` keeps: those of its comma-separated pieces that end within
    its first LINK_LONGEST characters, kept as a saved list is."""
    if len(text) > LINK_LONGEST:
        end = text.rfind(",", 0, LINK_LONGEST + 1)
        text = text[:end] if end >= 0 else ""
    return kept_ids(text.split(","))
