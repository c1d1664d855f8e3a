"""Imports point down the layers, never up; read from the source (ast), nothing imported.

Lowest first: core (pure logic), storage, demo (demo rows on top of storage), dialogs,
bot (the Teams edge), and app.py and cli/ (wiring, anything). A layer may import
itself, the layers its rule names and third-party packages; any other module of
this repository is an upward (or sideways) import. Imports inside functions count
too. core/ and storage/ also never import botbuilder.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What each layer may import from this repository (besides third-party packages).
ALLOWED: dict[str, frozenset[str]] = {
    "core": frozenset({"core"}),
    "storage": frozenset({"core", "storage"}),
    "demo": frozenset({"core", "storage", "demo"}),
    "dialogs": frozenset({"core", "storage", "dialogs"}),
    "bot": frozenset({"core", "storage", "dialogs", "bot", "demo"}),
    "app": frozenset({"core", "storage", "demo", "dialogs", "bot", "app", "cli"}),
    "cli": frozenset({"core", "storage", "demo", "dialogs", "bot", "app", "cli"}),
}
NO_BOTBUILDER = ("core", "storage")


@dataclass(frozen=True)
class Import:
    file: str  # relative to the repository
    line: int
    module: str  # the absolute dotted module the statement reads from
    source: str  # the statement as written

    @property
    def top(self) -> str:
        return self.module.split(".")[0]

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.source}"


def _first_party() -> frozenset[str]:
    """The top-level names this repository defines: its packages and its modules."""
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file()}
    modules = {p.stem for p in ROOT.glob("*.py")}
    return frozenset(packages | modules)


FIRST_PARTY = _first_party()


def _files(layer: str) -> list[Path]:
    single = ROOT / f"{layer}.py"
    if single.is_file():
        return [single]
    return sorted((ROOT / layer).rglob("*.py"))


def parse_imports(text: str, file: str) -> list[Import]:
    """Every import statement in a file's text, at any depth (inside functions too);
    relative imports are resolved from the file's place in the repository."""
    tree = ast.parse(text, filename=file)
    package = file.split("/")[:-1]
    found: list[Import] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        source = " ".join((ast.get_source_segment(text, node) or "").split())
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif node.level == 0:
            modules = [node.module or ""]
        else:
            base = package[: len(package) - (node.level - 1)]
            if node.module:
                modules = [".".join([*base, node.module])]
            elif base:
                modules = [".".join(base)]
            else:  # `from .. import x` at the top: each name is a module of its own
                modules = [alias.name for alias in node.names]
        found.extend(Import(file, node.lineno, module, source) for module in modules)
    return sorted(found, key=lambda i: i.line)


def imports_in(path: Path) -> list[Import]:
    return parse_imports(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())


def upward_imports(layer: str) -> list[Import]:
    return [
        found
        for path in _files(layer)
        for found in imports_in(path)
        if found.top in FIRST_PARTY and found.top not in ALLOWED[layer]
    ]


def _report(what: str, found: list[Import]) -> str:
    return f"{len(found)} {what}:\n" + "\n".join(str(i) for i in found)


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_every_layer_has_files_to_check(layer: str) -> None:
    """A renamed folder would otherwise make the other tests pass on nothing."""
    assert _files(layer)


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_no_layer_imports_upwards(layer: str) -> None:
    found = upward_imports(layer)
    assert not found, _report(f"upward imports from {layer}/", found)


@pytest.mark.parametrize("layer", NO_BOTBUILDER)
def test_no_botbuilder_below_the_bot(layer: str) -> None:
    found = [
        i for path in _files(layer) for i in imports_in(path) if i.top.startswith("botbuilder")
    ]
    assert not found, _report(f"botbuilder imports in {layer}/", found)


def test_imports_are_found_at_any_depth_and_resolved() -> None:
    """The parser itself: several names, nested and relative imports, each with its line."""
    text = (
        "import os, core.clock\n"
        "from storage.db import Database\n"
        "def f():\n"
        "    from bot.cards import (\n"
        "        card,\n"
        "    )\n"
        "    from . import other\n"
        "    from ..app import create_app\n"
    )
    found = parse_imports(text, "dialogs/sample.py")
    assert [(i.line, i.module) for i in found] == [
        (1, "os"),
        (1, "core.clock"),
        (2, "storage.db"),
        (4, "bot.cards"),
        (7, "dialogs"),
        (8, "app"),
    ]
    assert str(found[3]) == "dialogs/sample.py:4: from bot.cards import ( card, )"
