"""The synthetic generator: deterministic, realistic layout, valid inputs."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import pytest

from baomi.risk.generate import GenerateParams, generate


def digest(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def small(seed: int) -> GenerateParams:
    return GenerateParams(users=30, days=45, seed=seed, formats=("baomi", "cert"))


def test_the_same_seed_gives_identical_files(tmp_path: Path) -> None:
    generate(tmp_path / "a", small(5))
    generate(tmp_path / "b", small(5))
    generate(tmp_path / "c", small(6))
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a") != digest(tmp_path / "c")


def test_the_cert_layout_is_r42(tmp_path: Path) -> None:
    generate(tmp_path, small(1))
    headers = {
        "logon.csv": "id,date,user,pc,activity",
        "device.csv": "id,date,user,pc,activity",
        "file.csv": "id,date,user,pc,filename,content",
        "http.csv": "id,date,user,pc,url,content",
        "email.csv": "id,date,user,pc,to,cc,bcc,from,size,attachments,content",
        "psychometric.csv": "employee_name,user_id,O,C,E,A,N",
        "LDAP/2024-01.csv": "employee_name,user_id,email,role,business_unit,functional_unit,"
        "department,team,supervisor",
    }
    for name, header in headers.items():
        with open(tmp_path / name, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            assert ",".join(next(reader)) == header
            row = next(reader)
        if name.endswith(("logon.csv", "http.csv")):
            assert re.fullmatch(r"\{[A-Z0-9]{4}-[A-Z0-9]{8}-[A-Z0-9]{8}\}", row[0])
            assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", row[1])
    assert sorted(p.name for p in (tmp_path / "LDAP").iterdir()) == ["2024-01.csv", "2024-02.csv"]


def test_truth_names_insiders_and_benign_users(tmp_path: Path) -> None:
    result = generate(tmp_path, small(2))
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    assert truth == json.loads(json.dumps(result.truth))
    with open(tmp_path / "users.csv", encoding="utf-8") as handle:
        users = {row["user"] for row in csv.DictReader(handle)}
    assert {i["user"] for i in truth["insiders"]} <= users
    assert all(u in users for group in truth["benign"].values() for u in group)
    assert result.events > 10_000


def test_the_events_are_sorted_and_within_the_period(tmp_path: Path) -> None:
    generate(tmp_path, small(3))
    with open(tmp_path / "events-00000.jsonl", encoding="utf-8") as handle:
        times = [json.loads(line)["time"] for line in handle]
    assert times == sorted(times)
    assert times[0] >= "2024-01-01" and times[-1] < "2024-01-16"


def test_it_refuses_tiny_organisations(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least"):
        generate(tmp_path, GenerateParams(users=3, days=45))


def test_intensity_scales_what_the_insiders_do(tmp_path: Path) -> None:
    def crawler_requests(directory: Path, intensity: float) -> int:
        result = generate(directory, GenerateParams(users=30, days=45, seed=4, intensity=intensity))
        crawler = next(i for i in result.truth["insiders"] if i["scenario"] == "internal_crawler")
        count = 0
        for path in sorted(directory.glob("events-*.jsonl")):
            with open(path, encoding="utf-8") as handle:
                count += sum(
                    1
                    for line in handle
                    if f'"user":"{crawler["user"]}"' in line and '"kind":"request"' in line
                )
        return count

    full, subtle = crawler_requests(tmp_path / "a", 1.0), crawler_requests(tmp_path / "b", 0.3)
    assert subtle < 0.5 * full
    with pytest.raises(ValueError, match="intensity"):
        generate(tmp_path / "c", GenerateParams(users=30, days=45, intensity=0))
