"""Index and scan: copies are found with exact spans; topic-only overlap is not a copy."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baomi.fingerprint.index import IndexReader, IndexUnreadable
from baomi.fingerprint.normalise import normalise
from baomi.fingerprint.pipeline import build_index, scan_paths
from baomi.fingerprint.scan import Match, coverage_across, scan_unit
from baomi.fingerprint.units import text_unit

from .helpers import filler


def _index(tmp: Path, secrets: dict[str, str], templates: dict[str, str] | None = None) -> str:
    for name, text in {**secrets, **(templates or {})}.items():
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text(text, encoding="utf-8")
    index = str(tmp / "idx")
    build_index(
        index,
        [str(tmp / n) for n in secrets],
        templates=[str(tmp / n) for n in templates or {}],
    )
    return index


def _scan(index: str, text: str, origin: str = "suspect.txt") -> list[Match]:
    reader = IndexReader(index)
    try:
        return scan_unit(text_unit(origin, text), reader)
    finally:
        reader.close()


@settings(max_examples=25)
@given(st.integers(0, 10**6), st.integers(50, 160))
def test_any_copied_run_of_50_normalised_chars_is_found(seed: int, length: int) -> None:
    rng = random.Random(seed)
    secret = filler(rng, 3000)
    norm = normalise(secret)
    start = rng.randint(0, len(norm.text) - length - 1)
    raw_start, raw_end = norm.original_span(start, start + length)
    copied = secret[raw_start:raw_end]
    suspect = filler(rng, 1500) + "\n" + copied + "\n" + filler(rng, 1500)
    with tempfile.TemporaryDirectory() as tmp:
        index = _index(Path(tmp), {"secret.txt": secret, "other.txt": filler(rng, 2000)})
        matches = _scan(index, suspect)
    assert [m.secret.rsplit("/", 1)[-1] for m in matches] == ["secret.txt"]
    match = matches[0]
    planted = normalise(copied).text.strip()  # the run as it normalises inside the suspect
    assert len(planted) >= length - 2
    assert match.matched_chars >= len(planted)
    passage = max(match.passages, key=lambda p: p.matched)
    a, b = passage.suspect_span
    assert suspect[a:b] == passage.suspect_text
    assert planted in normalise(passage.suspect_text).text
    c, d = passage.secret_span
    assert secret[c:d] == passage.secret_text


@settings(max_examples=25)
@given(st.integers(0, 10**6), st.integers(1, 19))
def test_shared_runs_below_the_noise_threshold_never_make_a_pair(seed: int, length: int) -> None:
    rng = random.Random(seed)
    secret = filler(rng, 3000)
    norm = normalise(secret)
    suspect_parts = []
    for _ in range(8):  # several short shared runs, none reaching k
        start = rng.randint(0, len(norm.text) - length - 1)
        a, b = norm.original_span(start, start + length)
        suspect_parts += [filler(rng, 200), "\n甲", secret[a:b], "乙\n"]
    with tempfile.TemporaryDirectory() as tmp:
        index = _index(Path(tmp), {"secret.txt": secret})
        assert _scan(index, "".join(suspect_parts)) == []


def test_a_copy_with_typos_and_edits_is_one_passage(tmp_path: Path) -> None:
    rng = random.Random(7)
    secret = filler(rng, 3000)
    copied = secret[1000:1400]
    edited = copied[:100] + "错" + copied[101:200] + "插入" + copied[200:300] + copied[303:]
    index = _index(tmp_path, {"secret.txt": secret})
    [match] = _scan(index, filler(rng, 500) + "\n" + edited + "\n" + filler(rng, 500))
    assert len(match.passages) == 1
    assert match.passages[0].matched > 300


def test_the_template_corpus_is_excluded(tmp_path: Path) -> None:
    rng = random.Random(3)
    boilerplate = filler(rng, 800)
    secret = boilerplate + "\n" + filler(rng, 1500)
    index = _index(tmp_path, {"secret.txt": secret}, templates={"tpl/form.txt": boilerplate})
    assert _scan(index, filler(rng, 300) + "\n" + boilerplate) == []
    # The secret's own text is still found.
    assert _scan(index, secret[-600:])


def test_text_common_to_many_secrets_is_suppressed(tmp_path: Path) -> None:
    rng = random.Random(5)
    boilerplate = filler(rng, 600)
    secrets = {f"s{i}.txt": filler(rng, 500) + "\n" + boilerplate for i in range(25)}
    index = _index(tmp_path, secrets)
    assert _scan(index, filler(rng, 200) + "\n" + boilerplate) == []
    assert len(_scan(index, secrets["s3.txt"][:400])) == 1


def test_both_coverages_and_the_longest_passage(tmp_path: Path) -> None:
    rng = random.Random(11)
    secret = filler(rng, 2000)
    index = _index(tmp_path, {"secret.txt": secret})
    [match] = _scan(index, secret[:1000])
    assert 0.4 < match.secret_coverage < 0.6
    assert match.suspect_coverage > 0.95
    assert match.score == max(match.secret_coverage, match.suspect_coverage)
    assert match.longest_passage == max(p.matched for p in match.passages)


def test_a_secret_spread_over_several_suspects_is_covered_across_them(tmp_path: Path) -> None:
    rng = random.Random(13)
    secret = filler(rng, 3000)
    index = _index(tmp_path, {"secret.txt": secret})
    thirds = [secret[:1000], secret[1000:2000], secret[2000:]]
    matches = [m for i, part in enumerate(thirds) for m in _scan(index, part, f"part{i}.txt")]
    assert len(matches) == 3 and all(m.secret_coverage < 0.4 for m in matches)
    [coverage] = coverage_across(matches)
    assert coverage.coverage > 0.95
    assert coverage.suspects == ["part0.txt", "part1.txt", "part2.txt"]


def test_building_again_adds_and_skips_unchanged_files(tmp_path: Path) -> None:
    rng = random.Random(17)
    (tmp_path / "a.txt").write_text(filler(rng, 1000))
    (tmp_path / "b.txt").write_text(filler(rng, 1000))
    index = str(tmp_path / "idx")
    first = build_index(index, [str(tmp_path / "a.txt")])
    second = build_index(index, [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert (first.documents_added, second.documents_added) == (1, 1)
    assert second.documents_unchanged == 1 and second.documents_total == 2
    b_text = (tmp_path / "b.txt").read_text()
    (tmp_path / "a.txt").write_text(filler(rng, 1000))  # a changed file replaces its old version
    third = build_index(index, [str(tmp_path / "a.txt")])
    assert third.documents_added == 1 and third.documents_total == 2
    assert [m.secret for m in _scan(index, b_text)] == [str(tmp_path / "b.txt")]


def test_copied_code_is_found_after_renaming(tmp_path: Path) -> None:
    code = "\n".join(
        f"def step_{i}(value, factor):\n    total = value * factor + {i}\n"
        f"    if total > {i * 3}:\n        return total - {i}\n    return helper_{i}(total)\n"
        for i in range(12)
    )
    renamed = code.replace("value", "v").replace("factor", "f").replace("total", "t")
    (tmp_path / "algo.py").write_text(code)
    index = str(tmp_path / "idx")
    build_index(index, [str(tmp_path / "algo.py")])
    (tmp_path / "copy.py").write_text("import os\n\n" + renamed)
    matches = [m for m in scan_paths(index, [str(tmp_path / "copy.py")]) if isinstance(m, Match)]
    assert len(matches) == 1 and matches[0].score > 0.9


def test_a_folder_that_is_not_an_index_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IndexUnreadable):
        IndexReader(tmp_path)
    (tmp_path / "x.txt").write_text("x")
    with pytest.raises(IndexUnreadable):
        build_index(tmp_path, [str(tmp_path / "x.txt")])


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10**6))
def test_dismissing_candidates_before_alignment_changes_no_result(seed: int) -> None:
    """The cheap run check before alignment only drops candidates alignment would drop."""
    from unittest import mock

    from baomi.fingerprint import scan

    rng = random.Random(seed)
    secrets = {f"s{n}.txt": filler(rng, 1500) for n in range(6)}
    parts = [filler(rng, 300)]
    for text in secrets.values():  # shared runs around the seed-run threshold, some edited
        start = rng.randint(0, len(text) - 80)
        run = text[start : start + rng.randint(12, 70)]
        if rng.random() < 0.5:
            cut = rng.randint(0, len(run))
            run = run[:cut] + "甲" + run[cut:]
        parts += [run, filler(rng, 100)]
    suspect = "".join(parts)
    with tempfile.TemporaryDirectory() as tmp:
        index = _index(Path(tmp), secrets)
        fast = [m.to_json() for m in _scan(index, suspect)]
        with mock.patch.object(scan, "_plausible", lambda norm, reader, docs, *_: docs):
            slow = [m.to_json() for m in _scan(index, suspect)]
    assert fast == slow


def test_a_seed_run_shorter_than_k_dismisses_no_candidate(tmp_path: Path) -> None:
    from dataclasses import replace

    from baomi.fingerprint.align import AlignParams
    from baomi.fingerprint.scan import ScanParams

    rng = random.Random(3)
    secret = filler(rng, 1500)
    run = secret[200:245]  # 45 shared characters: at least one common fingerprint (t = 35)
    index = _index(tmp_path, {"secret.txt": secret})
    suspect = filler(rng, 300) + run + filler(rng, 300)
    short = ScanParams(
        align=replace(AlignParams(), seed_run=5, min_passage=20, min_passage_words=20)
    )
    reader = IndexReader(index)
    try:
        found = scan_unit(text_unit("suspect.txt", suspect), reader, short)
    finally:
        reader.close()
    assert [m.secret.rsplit("/", 1)[-1] for m in found] == ["secret.txt"]
