"""Where sitegen's own files are (default theme, lunr.js, a new site's starting files), installed or not.

In a repository checkout (and an editable install) they are the repository's top-level folders; a
wheel carries copies of the same paths in the package's ``_shipped`` folder (pyproject.toml lists
them). This is the one place that knows the difference.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # the sitegen package folder


def path(relative: str) -> Path:
    """A file or folder of sitegen's, named by its path in the repository: 'themes/default'."""
    shipped = PACKAGE / "_shipped"
    return (shipped if shipped.is_dir() else PACKAGE.parent) / relative
