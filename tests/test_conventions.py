"""Project conventions, checked: engines stay framework-free; tenant models are only looked
up through selectors (which scope them to the acting user)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "baomi"
ENGINES = ("ledger", "fingerprint", "extract", "risk")
TENANT_MODELS = (
    "TradeSecret",
    "SecretPoint",
    "Carrier",
    "AccessGrant",
    "Measure",
    "AuditEvent",
    "Person",
    "Agreement",
    "CompensationPayment",
    "Acknowledgment",
    "Offboarding",
)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_engines_do_not_import_django() -> None:
    offenders = [
        f"{path.relative_to(SRC)}: {name}"
        for engine in ENGINES
        for path in (SRC / engine).rglob("*.py")
        for name in _imports(path)
        if name == "django" or name.startswith(("django.", "baomi.apps"))
    ]
    assert offenders == []


def test_no_unscoped_get_of_tenant_models_outside_selectors() -> None:
    pattern = re.compile(rf"\b({'|'.join(TENANT_MODELS)})\.objects\.get\(")
    offenders = [
        str(path.relative_to(SRC))
        for path in (SRC / "apps").rglob("*.py")
        if path.name != "selectors.py"
        and "migrations" not in path.parts
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
