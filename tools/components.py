"""Write every example of the theme's components as a page of the site, for people to look at.

    .venv/bin/python tools/components.py [OUTPUT_FOLDER]      (make components)

Each example in themes/default/templates/macros/*.yaml becomes a page in the site's real base
page and styles, under components/ (or the folder given), with an index.html listing them all:
open it in a browser, at phone width too. The same pages are checked with axe by
tests/test_components.py.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tests.components import write_pages  # noqa: E402


def main(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    made = write_pages(folder)
    print(f"{len(made)} examples: {folder / 'index.html'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT / "components")
