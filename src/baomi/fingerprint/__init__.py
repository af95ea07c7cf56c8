"""Leak and copy detection (取证鉴定 / 同一性比对): fingerprints, index, EDM, reports.

Pipeline: extract (:mod:`baomi.extract`) → normalise (:mod:`.normalise`) →
keyed winnowing (:mod:`.winnow`) → on-disk index (:mod:`.index`) → candidate
secrets → passage alignment on the raw text (:mod:`.align`, :mod:`.scan`) →
report (:mod:`.report`). Structured secrets: :mod:`.edm`. Parameters and the
reasoning behind them: ``docs/leaks.md``.

Entry points for the CLI and the web app::

    build_index(index_dir, paths, templates=..., scheduler=...) -> BuildResult
    scan_paths(index_dir, paths, params=ScanParams(...)) -> Iterator[Match | ExtractError]
    scan_unit(unit, IndexReader(index_dir)) -> list[Match]
    coverage_across(matches) -> list[SecretCoverage]
    write_report(match, directory, suspect_text=..., secret_text=..., parameters=...)
    build_edm(index_dir, table_path, key_columns=...) -> EdmBuildResult
    edm_scan_unit(unit, EdmIndex(index_dir)) -> list[EdmMatch]
"""

from baomi.fingerprint.align import AlignParams, Passage
from baomi.fingerprint.edm import (
    EdmBuildResult,
    EdmIndex,
    EdmIndexUnreadable,
    EdmMatch,
    build_edm,
)
from baomi.fingerprint.edm import scan_file as edm_scan_file
from baomi.fingerprint.edm import scan_unit as edm_scan_unit
from baomi.fingerprint.index import IndexReader, IndexUnreadable
from baomi.fingerprint.pipeline import BuildResult, build_index, scan_paths
from baomi.fingerprint.report import render_html, render_pdf, write_report
from baomi.fingerprint.scan import (
    Match,
    PassageOut,
    ScanParams,
    SecretCoverage,
    coverage_across,
    prepare_texts,
    scan_file,
    scan_parameters,
    scan_unit,
)
from baomi.fingerprint.units import text_unit
from baomi.fingerprint.winnow import WinnowParams

__all__ = [
    "AlignParams",
    "BuildResult",
    "EdmBuildResult",
    "EdmIndex",
    "EdmIndexUnreadable",
    "EdmMatch",
    "IndexReader",
    "IndexUnreadable",
    "Match",
    "Passage",
    "PassageOut",
    "ScanParams",
    "SecretCoverage",
    "WinnowParams",
    "build_edm",
    "build_index",
    "coverage_across",
    "edm_scan_file",
    "edm_scan_unit",
    "prepare_texts",
    "render_html",
    "render_pdf",
    "scan_file",
    "scan_parameters",
    "scan_paths",
    "scan_unit",
    "text_unit",
    "write_report",
]
