"""sitegen as a package: its version, its pinned lunr.js, and a wheel that works with no checkout (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", ["lunr.min.js", "LICENSE"])
def test_the_shipped_lunr_is_byte_for_byte_the_one_npm_installs(name):
    # package.json (and its lock file's integrity hash) pin lunr; vendor/ is the copy that pip
    # users get. When npm's changes, copy it: cp node_modules/lunr/{lunr.min.js,LICENSE} vendor/lunr/
    npm = PROJECT / "node_modules/lunr" / name
    assert (PROJECT / "vendor/lunr" / name).read_bytes() == npm.read_bytes(), (
        f"vendor/lunr/{name} differs from node_modules/lunr/{name}: copy npm's over it"
    )
