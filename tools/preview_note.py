"""Write the job summary that tells a reviewer how to look at a pull request's built site.

    python3 tools/preview_note.py ARTIFACT_URL >> "$GITHUB_STEP_SUMMARY"

ARTIFACT_URL is the address actions/upload-artifact gives the uploaded site (its output
``artifact-url``). The summary shows on the workflow run's page, which the pull request's
"Details" link next to the check opens. A summary rather than a comment on the pull request: a
pull request from a fork gets a read-only token, which cannot comment. The pages link to each other
relatively with addresses ending in '/', so they need a web server to open each folder's
index.html: Python's own is enough. Standard library only.
"""

from __future__ import annotations

import sys

ARTIFACT = "site-preview"


def note(artifact_url: str) -> str:
    """The summary in Markdown, linking the artifact."""
    return f"""\
## Preview of the site

The site as this pull request would publish it is attached to this run as
[**{ARTIFACT}**]({artifact_url}) (a zip file; GitHub keeps it for 7 days, and you need to be
signed in to download it).

To look at it:

1. Download **{ARTIFACT}** and unzip it.
2. In a terminal, in the unzipped folder, run `python3 -m http.server 8000`.
3. Open <http://127.0.0.1:8000/> and find the changed pages.

Problems in the records, if any, are marked on the pull request's lines under **Files changed**.
"""


def main() -> None:
    if len(sys.argv) != 2 or not sys.argv[1].startswith("https://"):
        sys.exit("usage: python3 tools/preview_note.py ARTIFACT_URL (the https:// address of the artifact)")
    print(note(sys.argv[1]), end="")


if __name__ == "__main__":
    main()
