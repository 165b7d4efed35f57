"""sitegen as a package: its version, its pinned lunr.js, and a wheel that works with no checkout (issue 16)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import sitegen
from sitegen.site.render import minified
from tests.test_commands import fill_in

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_sitegen_version_prints_the_version():
    printed = run(BIN / "sitegen", "--version")
    assert printed == f"sitegen {sitegen.__version__}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+", sitegen.__version__)


@pytest.mark.parametrize("name", ["lunr.min.js", "LICENSE"])
def test_the_shipped_lunr_is_byte_for_byte_the_one_npm_installs(name):
    # package.json (and its lock file's integrity hash) pin lunr; vendor/ is the copy that pip
    # users get. When npm's changes, copy it: cp node_modules/lunr/{lunr.min.js,LICENSE} vendor/lunr/
    npm = PROJECT / "node_modules/lunr" / name
    assert (PROJECT / "vendor/lunr" / name).read_bytes() == npm.read_bytes(), (
        f"vendor/lunr/{name} differs from node_modules/lunr/{name}: copy npm's over it"
    )


@pytest.mark.slow
def test_a_wheel_installed_in_a_clean_virtualenv_starts_and_builds_a_site(tmp_path):
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "build", "--wheel", "--outdir", dist, PROJECT)
    (wheel,) = dist.glob("sitegen-*.whl")
    assert wheel.name.startswith(f"sitegen-{sitegen.__version__}-")

    venv = tmp_path / "elsewhere/venv"
    run(sys.executable, "-m", "venv", venv)
    run(venv / "bin/python", "-m", "pip", "install", "--quiet", wheel)
    # nothing of the checkout's on the way: no PYTHONPATH, no node_modules, a folder outside it
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    command = venv / "bin/sitegen"
    assert run(command, "--version", env=env) == f"sitegen {sitegen.__version__}\n"

    work = tmp_path / "elsewhere"
    run(command, "init", "mysite", cwd=work, env=env)
    site = work / "mysite"
    # as the new site's README says: fill in the example record (every value marked PLACEHOLDER)
    example = site / "content/services/example-stay-and-play.yml"
    example.write_text(fill_in(example.read_text(encoding="utf-8")), encoding="utf-8")
    run(command, "build", "--today", "2026-12-02", cwd=site, env=env)

    out = site / "output"
    assert not list(tmp_path.rglob("node_modules"))
    for page in ("index.html", "search/index.html", "services/example-stay-and-play/index.html"):
        assert (out / page).is_file(), page
    for guide in (PROJECT / "content/pages").glob("*.md"):
        assert (site / "content/pages" / guide.name).read_bytes() == guide.read_bytes()
    assert (out / "guidance/whole-guide/index.html").is_file()
    assert (out / "assets/lunr.min.js").read_bytes() == (PROJECT / "vendor/lunr/lunr.min.js").read_bytes()
    static = PROJECT / "themes/default/static"
    for path in static.rglob("*"):
        if path.is_file():  # the package's theme, as the build copies it (scripts and styles minified)
            shipped = out / "assets" / path.relative_to(static)
            assert shipped.read_bytes() == minified(path.name, path.read_bytes()), path.name
    assert (site / "schema/service.schema.json").is_file()
    assert (site / "content/postcode-districts.csv").is_file()
