"""Find the browser libraries npm installed (lunr.js), for the build to copy into the site."""

from __future__ import annotations

from pathlib import Path

from sitegen.problems import ContentError, Problem

SITEGEN_HOME = Path(__file__).resolve().parents[2]  # the checkout or install that holds sitegen/ and themes/
LIBRARIES = {"assets/lunr.min.js": "node_modules/lunr/lunr.min.js"}


def files(root: Path) -> dict[str, bytes]:
    """Each library's bytes, from the site's own node_modules or, failing that, sitegen's."""
    found = {}
    for target, source in LIBRARIES.items():
        for folder in (root, SITEGEN_HOME):
            path = folder / source
            if path.is_file():
                found[target] = path.read_bytes()
                break
        else:
            raise ContentError(
                [
                    Problem(
                        source,
                        1,
                        1,
                        "",
                        "lunr.js, which the search page needs, is not installed",
                        "run 'npm ci' in the project folder ('make install' does this)",
                    )
                ]
            )
    return found
