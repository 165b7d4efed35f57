"""Print, for each Markdown shape that once made python-markdown slow or deep, what sitegen does with it now.

    .venv/bin/python bench/markdown_shapes.py              # pages (256 KB) and descriptions (20,000)
    .venv/bin/python bench/markdown_shapes.py page '['     # one size, the named shapes

Each shape (a run of '[', links whose '(' never close, lists inside lists...) is made at the
real maximum size and checked by the pre-scan (sitegen/model/markdown_limits.py): the time the
scan takes and the first problem it reports. Then the longest start of it the scan lets through
is converted, in a child process with a time limit, to show what passing costs: it should be
well under a second. Budget (issue 17): nothing converts for longer or runs out of recursion.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitegen.model import markdown  # noqa: E402
from sitegen.model.markdown_limits import overruns  # noqa: E402

SIZES = {"page": 256 * 1024 - 300, "description": 20_000}  # a page's front matter takes the rest
LIMIT = 10  # seconds a conversion may take before it is stopped


def repeated(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def nested(opening: str, closing: str, size: int) -> str:
    count = (size - 1) // (len(opening) + len(closing))
    return opening * count + "x" + closing * count


def shapes(size: int) -> dict[str, str]:
    runs = {
        name: repeated(unit, size)
        for name, unit in {
            "[": "[", "![": "![", "]": "]", "(": "(", "[](": "[](", "[x](": "[x](", "[x][": "[x][",
            "[x]": "[x]", "[a](<": "[a](<", "[a](b (": "[a](b (", "[a](b '": "[a](b '", "](": "](",
            "[!": "[!", "*[": "*[", "<": "<", "<a ": "<a ", "<https://a": "<https://a", "<a@b.c": "<a@b.c",
            "&": "&", "&#": "&#", "*": "*", "_": "_", "** ": "** ", "*_": "*_", "*a": "*a", "**a*": "**a*",
            "*a_b": "*a_b", "`": "`", "`a": "`a", "``a`": "``a`", "\\": "\\", "\\[": "\\[",
            "a  \\n (hard breaks)": "a  \n", "- x lines": "- x\n", "- x paragraphs": "- x\n\n",
            "1. x lines": "1. x\n", "- [ ] x": "- [ ] x\n", "> [!TIP] callouts": "> [!TIP]\n> x\n\n",
            "## a (same headings)": "## a\n", "a/--- (setext)": "a\n---\n", "*** (rules)": "***\n",
            "# (empty headings)": "#\n", "<div> lines": "<div>\n", "<div> paragraphs": "<div>\nx\n\n",
            "<p>": "<p>", "<!--": "<!--", "[a]: /x (definitions)": "[a]: /x\n", "    x (code)": "    x\n",
            "blank lines": "\n", "a (one long word)": "a",
        }.items()
    }  # fmt: skip
    return runs | {
        "[[[x]]]": nested("[", "]", size),
        "![[x]]": nested("![", "]", size),
        "[[x](x)](x)": nested("[", "](x)", size),
        "*a *a x b* b*": nested("*a ", " b*", size),
        "**a **a x b** b**": nested("**a ", " b**", size),
        "<div><div>": nested("<div>", "</div>", size),
        "- - - x": repeated("- ", size - 1) + "x",
        "1. 1. 1. x": repeated("1. ", size - 1) + "x",
        "> > > x": repeated("> ", size - 1) + "x",
        ">>> x": repeated(">", size - 1) + "x",
        "- > - > x": repeated("- > ", size - 1) + "x",
        "indented lists": "".join("    " * level + "- x\n" for level in range(300))[:size],
        "indented numbers": "".join("    " * level + "1. x\n" for level in range(300))[:size],
        "spaces then x": repeated(" ", size - 1) + "x",
        "backtick ladder": "".join("`" * n + "a" for n in range(1, 400))[:size],
        "table rows": "| a | b |\n| - | - |\n" + repeated("| x | y |\n", size - 20),
        "table columns": "|" + repeated("a|", size // 2) + "\n|" + repeated("-|", size // 2) + "\n",
        "table of backticks": "| a | b |\n| - | - |\n" + repeated("|`", size - 20),
        "tables under headings": repeated("## h\n\n| a |\n| - |\n| x |\n\n", size),
        "headings a-0, a-1": "".join(f"## a-{n % 2}\n" for n in range(size // 8))[:size],
    }


def _convert(kind: str, text: str, answer: multiprocessing.Queue) -> None:
    start = time.perf_counter()
    try:
        if kind == "page":
            markdown.for_whole_guide(markdown.guidance_page(text).html, "p", {"p"})
        else:
            markdown.record_description(text)
        answer.put(f"{time.perf_counter() - start:.3f} s")
    except RecursionError:
        answer.put("RecursionError")


def converted(kind: str, text: str) -> str:
    answer: multiprocessing.Queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=_convert, args=(kind, text, answer))
    child.start()
    child.join(LIMIT)
    if child.is_alive():
        child.kill()
        child.join()
        return f"over {LIMIT} s"
    return answer.get()


def main(kind: str, names: list[str]) -> None:
    tables = kind == "page"
    for name, text in shapes(SIZES[kind]).items():
        if names and name not in names:
            continue
        start = time.perf_counter()
        found = overruns(text, tables)
        scan = time.perf_counter() - start
        low, high = (0, len(text)) if found else (len(text), len(text))
        while low < high:  # the longest start of the text the scan lets through
            middle = (low + high + 1) // 2
            low, high = (low, middle - 1) if overruns(text[:middle], tables) else (middle, high)
        said = found[0].message[:70] if found else "passes"
        print(
            f"{kind:11} {name!r:28} scan {scan:.3f} s  {said:70}  "
            f"first {low:,} characters pass: {converted(kind, text[:low])}",
            flush=True,
        )


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(sys.argv[1], sys.argv[2:])
    else:
        main("page", [])
        main("description", [])
