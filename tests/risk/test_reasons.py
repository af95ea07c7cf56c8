"""Every reason carries a stable code and its parameters as plain data, and the English
sentence made from them is the one the engine printed before reasons had codes (the CLI
prints it; the strings below were captured from the engine before that change)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from baomi.risk import reasons as r
from baomi.risk.reasons import Explanation, departing_reason, unusual_profile_reason, window_reason

from .conftest import Generated

# Reasons of the generated organisation (users=100, days=90, seed=7), project layout.
PINNED = {
    "XTH8418": [
        "internal_crawler: 4,454 requests to internal systems on 2024-02-19 (baseline 12 a day), "
        "peak 287 requests in 10 minutes"
    ],
    "WEN9397": [
        "departing_user_exfiltration: 225 files to USB/removable media in the 14 days before "
        "last working day 2024-03-07 (baseline 0); sequence collect → exfiltrate → clean up",
        "removable_media_exfiltration: 137 documents, drawings, code or archives to "
        "USB/removable media in 7 days 2024-02-29 to 2024-03-06 (baseline 0 per 7 days)",
        "unsupervised_anomaly: activity profile more unusual than 98% of users (IsolationForest)",
    ],
    "LPL6379": [
        "after_hours_mass_access: 200 file/system accesses outside working hours on 2024-03-14 "
        "(baseline 0 a day)",
        "unsupervised_anomaly: activity profile more unusual than 99% of users (IsolationForest)",
    ],
    "ISX8253": [
        "netdisk_upload: 65 uploads to cloud drives in 7 days 2024-02-29 to 2024-03-06 "
        "(baseline 0 per 7 days)"
    ],
    "CPJ8436": [
        "personal_mail_exfiltration: 53 attachments mailed to personal addresses on 2024-02-09 "
        "(baseline 0 a day)"
    ],
}

# Reason code → its parameters on the generated organisation (project layout).
EXPECTED = {
    "XTH8418": [
        (
            "internal_crawling",
            {
                "unit": "internal_requests",
                "total": 4454,
                "baseline": 12,
                "days": 1,
                "start": "2024-02-19",
                "end": "2024-02-19",
                "peak": 287,
            },
        )
    ],
    "WEN9397": [
        (
            "departing_before_last_day",
            {
                "unit": "removable_files",
                "total": 225,
                "baseline": 0,
                "days": 14,
                "start": "2024-02-22",
                "end": "2024-03-06",
                "last_day": "2024-03-07",
                "sequence": True,
            },
        ),
        (
            "usb_sensitive_copies",
            {
                "unit": "removable_sensitive_files",
                "total": 137,
                "baseline": 0,
                "days": 7,
                "start": "2024-02-29",
                "end": "2024-03-06",
            },
        ),
        ("unusual_profile", {"percent": 98}),
    ],
    "LPL6379": [
        (
            "after_hours_access",
            {
                "unit": "after_hours_file_access",
                "total": 200,
                "baseline": 0,
                "days": 1,
                "start": "2024-03-14",
                "end": "2024-03-14",
            },
        ),
        ("unusual_profile", {"percent": 99}),
    ],
    "ISX8253": [
        (
            "cloud_uploads",
            {
                "unit": "cloud_uploads",
                "total": 65,
                "baseline": 0,
                "days": 7,
                "start": "2024-02-29",
                "end": "2024-03-06",
            },
        )
    ],
    "CPJ8436": [
        (
            "personal_mail_attachments",
            {
                "unit": "personal_mail_attachments",
                "total": 53,
                "baseline": 0,
                "days": 1,
                "start": "2024-02-09",
                "end": "2024-02-09",
            },
        )
    ],
}


def _ranked(generated: Generated) -> dict[str, object]:
    return {u.user: u for u in generated.analyses["baomi"].ranked}


def test_the_sentences_are_unchanged(generated: Generated) -> None:
    ranked = _ranked(generated)
    for user, sentences in PINNED.items():
        assert ranked[user].reasons == sentences  # type: ignore[attr-defined]


def test_each_scenario_gives_its_code_with_its_parameters(generated: Generated) -> None:
    ranked = _ranked(generated)
    for user, expected in EXPECTED.items():
        got = [(e.code, dict(e.params)) for e in ranked[user].explanations]  # type: ignore[attr-defined]
        assert got == expected, user


@pytest.mark.parametrize("layout", ["baomi", "cert"])
def test_every_reason_has_an_explanation_that_makes_it(generated: Generated, layout: str) -> None:
    for user in generated.analyses[layout].ranked:
        assert [e.text for e in user.explanations] == user.reasons
        for explanation, scenario in zip(user.explanations, user.scenarios, strict=False):
            assert explanation.scenario == scenario
            assert r.CODE_SCENARIOS[explanation.code] == scenario
        for finding in user.findings:
            assert finding.explanation is not None
            assert finding.reason == finding.explanation.text


def test_the_parameters_are_plain_json(generated: Generated) -> None:
    for user in generated.analyses["cert"].ranked:
        for explanation in user.explanations:
            data = explanation.as_json()
            assert json.loads(json.dumps(data)) == data
            assert set(data) == {"scenario", "code", "params", "text"}


def test_the_cli_json_keeps_reasons_as_strings(generated: Generated) -> None:
    top = generated.analyses["baomi"].ranked[0].as_json()
    assert set(top) == {"user", "score", "window", "reasons", "scenarios"}
    assert all(isinstance(reason, str) for reason in top["reasons"])


DAY = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("explanation", "code", "sentence"),
    [
        (
            departing_reason(
                "removable_files",
                total=222.4,
                baseline=0.2,
                start=DAY("2024-01-23"),
                end=DAY("2024-02-21"),
                days=30,
                anchor="job_search",
                anchor_date=None,
                through_anchor=False,
                sequence=True,
            ),
            "departing_job_search",
            "departing_user_exfiltration: 222 files to USB/removable media in 30 days to "
            "2024-02-21 after job-site visits rose (no HR departure date) (baseline 0); "
            "sequence collect → exfiltrate → clean up",
        ),
        (
            departing_reason(
                "removable_files",
                total=52,
                baseline=0,
                start=DAY("2024-01-08"),
                end=DAY("2024-02-06"),
                days=30,
                anchor="last_day",
                anchor_date=DAY("2024-02-22"),
                through_anchor=False,
                sequence=False,
            ),
            "departing_to_last_day",
            "departing_user_exfiltration: 52 files to USB/removable media in 30 days to "
            "2024-02-06 before last working day 2024-02-22 (baseline 0)",
        ),
        (
            departing_reason(
                "cloud_uploads",
                total=28,
                baseline=1,
                start=DAY("2024-01-12"),
                end=DAY("2024-02-10"),
                days=30,
                anchor="resignation",
                anchor_date=DAY("2024-01-20"),
                through_anchor=False,
                sequence=True,
            ),
            "departing_after_resignation",
            "departing_user_exfiltration: 28 uploads to cloud drives in 30 days to 2024-02-10 "
            "after resignation on 2024-01-20 (baseline 1); sequence collect → exfiltrate → "
            "clean up",
        ),
        (
            departing_reason(
                "print_pages",
                total=1234.5,
                baseline=12,
                start=DAY("2024-01-12"),
                end=DAY("2024-02-10"),
                days=30,
                anchor="resignation",
                anchor_date=None,
                through_anchor=False,
                sequence=False,
            ),
            "departing_after_resignation",
            "departing_user_exfiltration: 1,234 printed pages in 30 days to 2024-02-10 after "
            "resignation on ? (baseline 12)",
        ),
        (
            window_reason(
                "personal_mail_exfiltration",
                "personal_mail_attachments",
                total=81,
                baseline=0,
                days=7,
                start=DAY("2024-01-18"),
                end=DAY("2024-01-24"),
            ),
            "personal_mail_attachments",
            "personal_mail_exfiltration: 81 attachments mailed to personal addresses in 7 days "
            "2024-01-18 to 2024-01-24 (baseline 0 per 7 days)",
        ),
        (
            unusual_profile_reason(100),
            "unusual_profile",
            "unsupervised_anomaly: activity profile more unusual than 100% of users "
            "(IsolationForest)",
        ),
    ],
)
def test_each_code_makes_the_sentence_of_before(
    explanation: Explanation, code: str, sentence: str
) -> None:
    assert explanation.code == code
    assert explanation.text == sentence
    assert Explanation(explanation.scenario, code, dict(explanation.params)).text == sentence


def test_every_code_has_a_scenario_and_is_documented() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "risk.md").read_text(encoding="utf-8")
    for code in r.CODE_SCENARIOS:
        assert f"`{code}`" in doc, code


def test_an_unknown_code_has_no_sentence() -> None:
    with pytest.raises(KeyError):
        _ = Explanation("netdisk_upload", "no_such_code", {"unit": "cloud_uploads"}).text
