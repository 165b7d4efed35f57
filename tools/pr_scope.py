"""Say whether a pull request changes only content, so that its checks can skip the test suite.

    git diff --name-only --no-renames -z HEAD^1 HEAD | python3 tools/pr_scope.py >> "$GITHUB_OUTPUT"

Reads the changed files' paths from standard input, separated by NUL bytes (``git diff -z``, which
leaves unusual names unquoted) or by lines, and prints ``scope=content`` when every one is a
record, a guidance page or another file under ``content/``, or the term dates; otherwise
``scope=code``, and names on standard error the first files that made it so. No files at all is
``code`` too: when in doubt, run everything. The pull request workflow
(.github/workflows/pull-request.yml) runs ``make test`` only for ``code``; validate, check and the
build run for every pull request. Standard library only: the workflow runs it with the runner's
own python3, before anything is installed.
"""

from __future__ import annotations

import sys

# What a parish clerk's pull request changes: what sitegen validate, check and build read and judge
# on their own. site.yml is left out on purpose: it names the theme and other files, which the
# tests cover.
CONTENT_FOLDERS = ("content/",)
CONTENT_FILES = ("term-dates.yml",)


def is_content(path: str) -> bool:
    """True for a file that validate, check and build fully check on their own."""
    return path.startswith(CONTENT_FOLDERS) or path in CONTENT_FILES


def changed_paths(text: str) -> list[str]:
    """The paths in git's output, NUL- or line-separated, without empty entries."""
    separator = "\0" if "\0" in text else "\n"
    return [path for path in text.split(separator) if path.strip()]


def scope(paths: list[str]) -> str:
    """``content`` if every path is content and there is at least one; else ``code``."""
    return "content" if paths and all(is_content(path) for path in paths) else "code"


def main() -> None:
    paths = changed_paths(sys.stdin.read())
    decided = scope(paths)
    others = [path for path in paths if not is_content(path)]
    if not paths:
        print("no changed files were listed: running every check", file=sys.stderr)
    elif others:
        shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
        print(f"changes more than content ({shown}): running the tests too", file=sys.stderr)
    else:
        print(f"{len(paths)} content file(s) changed: validate, check and build only", file=sys.stderr)
    print(f"scope={decided}")


if __name__ == "__main__":
    main()
