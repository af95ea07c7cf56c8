"""Fail unless every committed zh_Hans catalogue is complete and its .mo matches its .po."""

from __future__ import annotations

import sys
from pathlib import Path

import polib

root = Path(__file__).resolve().parent.parent / "src" / "baomi"
problems: list[str] = []
catalogues = sorted(root.glob("**/locale/*/LC_MESSAGES/*.po"))
if not catalogues:
    problems.append(f"no translation catalogue under {root}")
for po_path in catalogues:
    po = polib.pofile(str(po_path))
    missing = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    if missing:
        problems.append(f"{po_path.name}: {len(missing)} untranslated, e.g. {missing[:3]}")
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        problems.append(f"{mo_path} is missing: run `make messages`")
        continue
    mo = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in polib.mofile(str(mo_path))
    }
    for entry in po.translated_entries():
        got = mo.get((entry.msgctxt, entry.msgid))
        want = entry.msgstr or entry.msgstr_plural.get(0)
        if got != want:
            problems.append(f"{mo_path.name} is stale for {entry.msgid!r}: run `make messages`")
            break
for problem in problems:
    print(f"translations: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
