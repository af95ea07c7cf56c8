"""Settings come from the environment (each import reads it afresh, so a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

LIMITS = {
    "BAOMI_IMPORT_MAX_BYTES": 5 * 1024 * 1024,
    "BAOMI_LEAKS_MAX_FILE_BYTES": 100 * 1024 * 1024,
    "BAOMI_LEAKS_MAX_UPLOAD_BYTES": 500 * 1024 * 1024,
    "BAOMI_LEAKS_MAX_FILES": 100,
    "BAOMI_RISK_UPLOAD_MAX_BYTES": 200 * 1024 * 1024,
    "BAOMI_RISK_UNPACKED_MAX_BYTES": 4 * 1024 * 1024 * 1024,
    "BAOMI_RISK_ARCHIVE_MAX_MEMBERS": 5000,
    "BAOMI_STALE_JOB_MINUTES": 15,
}


def _settings(tmp_path: Path, **env: str) -> dict[str, int]:
    clean = {k: v for k, v in os.environ.items() if k not in LIMITS}
    code = (
        "import json, baomi.settings as s; "
        f"print(json.dumps({{k: getattr(s, k) for k in {sorted(LIMITS)!r}}}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "BAOMI_HOME": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_upload_limits_have_defaults(tmp_path: Path) -> None:
    assert _settings(tmp_path) == LIMITS


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_each_limit_is_read_from_the_environment(tmp_path: Path, name: str) -> None:
    assert _settings(tmp_path, **{name: "1234"})[name] == 1234
