"""Save PNG screenshots of the main page types at phone and desktop widths, for people to look at.

    .venv/bin/python tools/screenshots.py [OUTPUT_FOLDER]      (make screenshots)

Builds the project's own site for a fixed date into a temporary folder, serves it on
127.0.0.1, and saves full-page screenshots into screenshots/ (or the folder given).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from sitegen.build import build  # noqa: E402
from tests.browser import chromium, serve  # noqa: E402

WIDTHS = {"phone": (360, 740), "desktop": (1280, 900)}


def pages(site_root: Path) -> dict[str, str]:
    first_service = sorted((site_root / "content/services").glob("*.yml"))[0].stem
    first_page = sorted((site_root / "content/pages").glob("*.md"))
    shots = {
        "home": "",
        "service": f"services/{first_service}/",
        "all-services": "services/",
        "area": "areas/",
        "town": "areas/oxford/",
        "neighbourhood": "areas/headington/",
        "day": "days/monday/",
        "search-results": "search/?q=stay+and+play&near=OX4",
        "search-empty": "search/?q=zzzz",
        "guidance-index": "guidance/",
        "shortlist": "shortlist/",
        "not-found": "404.html",
    }
    if first_page:
        shots["guidance-page"] = f"guidance/{first_page[0].stem}/"
    # the bundled guide's pages that show each feature: callouts and a checklist, the stale
    # notice, a printable template with a wide table, and the whole guide
    for name, page in (
        ("guidance-callouts", "safeguarding"),
        ("guidance-stale", "other-funding"),
        ("guidance-template", "risk-assessment-template"),
        ("guidance-register", "session-register-template"),
    ):
        if (site_root / f"content/pages/{page}.md").is_file():
            shots[name] = f"guidance/{page}/"
    shots["whole-guide"] = "guidance/whole-guide/"
    return shots


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp) / "site"
        build(PROJECT, out, dt.date(2026, 11, 24))
        with serve(out) as url, chromium() as browser:
            for width_name, (width, height) in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                for name, path in pages(PROJECT).items():
                    page.goto(url + path)
                    if path.startswith("search/"):
                        page.wait_for_function(
                            "document.querySelector('.sg-results__count').textContent.length > 0"
                        )
                    target = folder / f"{name}-{width_name}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
                context.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT / "screenshots")
