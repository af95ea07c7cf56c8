"""Key files: created once, mode 0600, never replaced, refused when too open."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from baomi.ledger.instance import init_instance, log_key_path, witness_key_path
from baomi.ledger.keys import KeyFileError, create_key_file, load_signer


def test_init_creates_private_keys_once(tmp_path: Path) -> None:
    home = tmp_path / "home"
    init_instance(home)
    first = log_key_path(home).read_text()
    init_instance(home)
    assert log_key_path(home).read_text() == first
    for path in (log_key_path(home), witness_key_path(home)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_key_path(home).parent.stat().st_mode) == 0o700
    assert first.startswith("PRIVATE+KEY+baomi/evidence/")


def test_a_key_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "log.key"
    assert create_key_file(path, "example.com/log")
    assert not create_key_file(path, "example.com/other")
    os.chmod(path, 0o644)
    with pytest.raises(KeyFileError, match="too open"):
        load_signer(path)
    with pytest.raises(KeyFileError, match="no key file"):
        load_signer(tmp_path / "keys" / "absent.key")


def test_an_invalid_origin_is_refused_before_any_key_is_written(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("BAOMI_LOG_ORIGIN", "two words")
    with pytest.raises(KeyFileError, match="invalid key name"):
        init_instance(tmp_path / "home")
    assert not log_key_path(tmp_path / "home").exists()
