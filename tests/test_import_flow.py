"""The package's imports run one way, text -> extract -> corridors -> maps -> export:
no module imports, even lazily inside a function, a module that imports it back."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

import geo

PACKAGE = Path(geo.__file__).parent


def _imports(path: Path) -> set[str]:
    """The geo modules one file imports, at the top or inside a function."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                out |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
            elif node.module and node.module.startswith("geo."):
                out.add(node.module.split(".")[1])
            elif node.module == "geo":
                out |= {a.name for a in node.names}
        elif isinstance(node, ast.Import):
            out |= {a.name.split(".")[1] for a in node.names if a.name.startswith("geo.")}
    return out


def _graph() -> nx.DiGraph:
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    g = nx.DiGraph()
    g.add_nodes_from(modules)
    for name in modules:
        g.add_edges_from((name, dep) for dep in _imports(PACKAGE / f"{name}.py")
                         if dep in modules and dep != name)
    return g


def test_no_module_imports_a_module_that_imports_it_back():
    cycles = [sorted(c) for c in nx.strongly_connected_components(_graph()) if len(c) > 1]
    assert not cycles, f"import circles: {cycles}"


def test_the_extraction_stage_knows_no_later_stage():
    g = _graph()
    # the one documented convenience: Extraction.routes_frame() draws with geo.corridors
    g.remove_edge("extraction", "corridors")
    later = {"corridors", "maps", "maps_deck", "export", "tables", "mapdata", "atlas"}
    for stage in ("recognition", "gazetteer", "geocoding", "extraction", "routes"):
        reached = nx.descendants(g, stage)
        assert not reached & later, (stage, sorted(reached & later))


def test_the_check_sees_a_lazy_import(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("def f():\n    from geo.maps import corridor_map\n    from . import export\n")
    assert _imports(f) == {"maps", "export"}
