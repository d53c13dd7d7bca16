"""Rules about the code itself: explicit registration, no role checks in templates, imports at the top."""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

from portal.routes import VIEW_MODULES

PORTAL = Path(__file__).resolve().parent.parent / "portal"


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(PORTAL.parent).with_suffix("").parts)


def test_every_views_module_registers_a_route(app):
    """A page module that create_app does not know has no pages: a forgotten file fails here."""
    view_files = sorted(p for p in PORTAL.rglob("*.py") if p.stem == "views" or p.stem.endswith("_views"))
    assert len(view_files) >= 15
    modules_with_routes = {view.__module__ for view in app.view_functions.values()}
    silent = [_module_name(p) for p in view_files if _module_name(p) not in modules_with_routes]
    assert silent == []
    assert {m.__name__ for m in VIEW_MODULES} == {_module_name(p) for p in view_files}


def test_every_module_is_named_by_what_it_holds():
    """Pages in *_views.py, forms in *_forms.py, writes in *_service.py: no bare views/forms/service."""
    bare = sorted(str(p.relative_to(PORTAL)) for p in PORTAL.rglob("*.py")
                  if p.stem in ("views", "forms", "service", "queries"))
    assert bare == []


def test_templates_never_check_the_role():
    """Views pass what a page may show and do (auth/permissions.py); templates only test those values."""
    offenders = [
        f"{path.relative_to(PORTAL)}:{number}"
        for path in (PORTAL / "templates").rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "current_user.role" in line
    ]
    assert offenders == []


def _function_level_imports(tree: ast.AST) -> list[ast.stmt]:
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue  # for the type checker only: never runs
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if in_function and isinstance(child, (ast.Import, ast.ImportFrom)):
                found.append(child)
            visit(child, nested)

    visit(tree, False)
    return found


def test_imports_are_at_the_top_unless_a_reason_is_written():
    """The import cycle is gone; an import inside a function needs a comment saying why."""
    inside, without_reason = [], []
    for path in PORTAL.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in _function_level_imports(ast.parse(source)):
            where = f"{path.relative_to(PORTAL)}:{node.lineno}"
            inside.append(where)
            if "#" not in lines[node.lineno - 1] and "#" not in lines[node.lineno - 2]:
                without_reason.append(where)
    assert len(inside) < 10, inside
    assert without_reason == []


def test_infrastructure_modules_import_nothing_of_the_features():
    """language, formatting and clock sit under everything else: they may not import features back."""
    allowed = {"portal.language": set(), "portal.formatting": {"portal.language"},
               "portal.clock": {"portal.formatting"}}
    for name, may_import in allowed.items():
        module = importlib.import_module(name)
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        assert {m for m in imported if m.startswith("portal")} <= may_import, name
