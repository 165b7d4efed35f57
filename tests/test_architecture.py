"""The build flows one way: each stage imports only the stages below it, and no module imports
itself round a loop (docs/architecture.md). import-linter checks the layers named in
pyproject.toml; grimp, the graph it builds, finds any cycle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

PROJECT = Path(__file__).resolve().parent.parent


def test_stages_import_only_the_stages_below_them():
    done = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_no_module_imports_itself_round_a_loop():
    graph = grimp.build_graph("sitegen")
    cycles = sorted(
        {
            tuple(sorted((module, imported)))
            for module in graph.modules
            for imported in graph.find_modules_directly_imported_by(module)
            if graph.find_shortest_chain(importer=imported, imported=module)
        }
    )
    assert cycles == []


def test_every_stage_is_a_folder_a_newcomer_can_see():
    folders = {p.name for p in (PROJECT / "sitegen").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert {"load", "model", "site", "exports", "commands"} <= folders
    loose = {p.name for p in (PROJECT / "sitegen").glob("*.py")}
    assert loose <= {"__init__.py", "__main__.py", "build.py", "write.py", "problems.py", "parallel.py"}
