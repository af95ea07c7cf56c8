"""The same per-file functions give the same results in-process and on a Dask cluster."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from baomi.fingerprint import parallel
from baomi.fingerprint.pipeline import build_index, scan_paths
from baomi.fingerprint.scan import Match

from .helpers import filler


def _results(index: Path, suspects: Path) -> list[tuple[str, str, int]]:
    return sorted(
        (m.suspect, m.secret, m.matched_chars)
        for m in scan_paths(index, [str(suspects)], workers=1)
        if isinstance(m, Match)
    )


def test_dask_and_in_process_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(31)
    secrets, suspects = tmp_path / "secrets", tmp_path / "suspects"
    secrets.mkdir()
    suspects.mkdir()
    texts = [filler(rng, 1500) for _ in range(6)]
    for i, text in enumerate(texts):
        (secrets / f"s{i}.txt").write_text(text, encoding="utf-8")
        (suspects / f"x{i}.txt").write_text(filler(rng, 400) + "\n" + text[200:500])
    build_index(tmp_path / "local", [str(secrets)])
    expected = _results(tmp_path / "local", suspects)
    assert len(expected) == 6

    monkeypatch.setattr(parallel, "IN_PROCESS_FILES", 0)  # force the cluster
    built = build_index(tmp_path / "dask", [str(secrets)], workers=1)
    assert built.documents_added == 6
    got = _results(tmp_path / "dask", suspects)
    # Same matches and sizes; only the secret's folder differs between the indexes.
    assert [(s, Path(t).name, n) for s, t, n in got] == [
        (s, Path(t).name, n) for s, t, n in expected
    ]
