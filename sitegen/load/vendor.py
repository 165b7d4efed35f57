"""The browser libraries the build copies into the site (lunr.js), from sitegen's pinned copies.

vendor/ holds each library exactly as npm installs it (package.json pins the version; a test checks
the copy is byte-identical to node_modules'), so a sitegen installed with pip builds without npm.
"""

from __future__ import annotations

from sitegen.load import home

LIBRARIES = {"assets/lunr.min.js": "vendor/lunr/lunr.min.js"}


def files() -> dict[str, bytes]:
    """Each library's bytes, by its address in the built site."""
    return {target: home.path(source).read_bytes() for target, source in LIBRARIES.items()}
