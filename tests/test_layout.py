"""The shape of the package: one-way dependencies, help on every command, typed surface."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from typer.testing import CliRunner

from diplokg.cli import app

REPO = Path(__file__).resolve().parents[1]


def _imports(folder: Path) -> set[tuple[str, str]]:
    found = set()
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update((str(path.relative_to(REPO)), alias.name.split(".")[0]) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add((str(path.relative_to(REPO)), node.module.split(".")[0]))
    return found


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [("extract", {"rdflib", "pyoxigraph", "pyshacl", "owlready2"}), ("graph", {"spacy", "thinc"})],
)
def test_stages_depend_one_way(folder, forbidden):
    offenders = sorted(f"{path} imports {module}" for path, module in _imports(REPO / folder) if module in forbidden)
    assert offenders == []


def test_import_walk_sees_imports():
    # the walker itself must find real imports, or the test above could never fail
    assert ("graph/store.py", "pyoxigraph") in _imports(REPO / "graph")


@pytest.mark.slow
def test_wheel_installs_one_package(tmp_path):
    """A built wheel holds only ``diplokg/…``: no top-level ``extract`` or ``graph`` in site-packages."""
    import subprocess
    import sys
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
    )
    wheel = next(tmp_path.glob("diplokg-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"diplokg"}
    for expected in ("diplokg/extract/__init__.py", "diplokg/graph/store.py", "diplokg/ontology/diplomacy.ttl",
                     "diplokg/ontology/shapes.ttl", "diplokg/queries/who_visited.rq", "diplokg/cli.py"):
        assert expected in names


def _commands():
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`diplokg {command} --help` should show an example"


def test_contract_commands_exist():
    assert {"ingest", "query", "export", "link", "validate", "serve", "stats", "eval", "ontology"} <= set(_commands())


def test_package_is_typed():
    assert (REPO / "diplokg" / "py.typed").exists()
