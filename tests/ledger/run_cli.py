"""Run ``baomi evidence ARGS...`` in this process (tests call it as a subprocess).

Uses the real ``baomi`` Typer app when the whole CLI package imports; while
other command groups are still being written and ``baomi.cli`` cannot be
imported as a package, it loads only the evidence group (same module, same code).
"""

from __future__ import annotations

import pathlib
import sys
import types

try:
    from baomi.cli import app as baomi_app
except ImportError:
    import baomi

    for name in [m for m in sys.modules if m == "baomi.cli" or m.startswith("baomi.cli.")]:
        del sys.modules[name]
    package = types.ModuleType("baomi.cli")
    package.__path__ = [str(pathlib.Path(baomi.__file__).parent / "cli")]
    sys.modules["baomi.cli"] = package
    from baomi.cli.evidence import app

    app(args=sys.argv[1:], prog_name="baomi evidence")
else:
    baomi_app(args=["evidence", *sys.argv[1:]], prog_name="baomi")
