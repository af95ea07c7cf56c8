"""On generated data every planted scenario is found, with its name in a reason,
and the benign heavy users stay out of the top ranks — in both layouts."""

from __future__ import annotations

import pytest

from baomi.risk.orgmodel import SCENARIO_CHANNELS

from .conftest import Generated

LAYOUTS = ("baomi", "cert")


def test_the_truth_plants_every_scenario(generated: Generated) -> None:
    planted = {i["scenario"] for i in generated.truth["insiders"]}
    assert planted == set(SCENARIO_CHANNELS)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_planted_insider_has_a_reason_naming_its_scenario(
    generated: Generated, layout: str
) -> None:
    ranked = {r.user: r for r in generated.analyses[layout].ranked}
    for insider in generated.truth["insiders"]:
        user = ranked[insider["user"]]
        assert insider["scenario"] in user.scenarios, (layout, insider, user.reasons)
        assert any(r.startswith(insider["scenario"] + ": ") for r in user.reasons)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_insiders_are_the_top_ranks(generated: Generated, layout: str) -> None:
    ranked = generated.analyses[layout].ranked
    insiders = {i["user"] for i in generated.truth["insiders"]}
    assert {r.user for r in ranked[: len(insiders)]} == insiders


@pytest.mark.parametrize("layout", LAYOUTS)
def test_benign_heavy_users_are_not_flagged(generated: Generated, layout: str) -> None:
    ranked = generated.analyses[layout].ranked
    position = {r.user: i for i, r in enumerate(ranked)}
    insiders = len(generated.truth["insiders"])
    for kind, users in generated.truth["benign"].items():
        for user in users:
            assert position[user] >= insiders, (layout, kind, user)
            assert ranked[position[user]].scenarios == [], (
                layout,
                kind,
                ranked[position[user]].reasons,
            )


def test_the_departing_insider_is_tied_to_the_last_working_day(generated: Generated) -> None:
    ranked = {r.user: r for r in generated.analyses["baomi"].ranked}
    for insider in generated.truth["insiders"]:
        if insider["scenario"] != "departing_user_exfiltration":
            continue
        reason = next(r for r in ranked[insider["user"]].reasons if r.startswith("departing_user"))
        assert f"last working day {insider['last_working_day']}" in reason


def test_windows_overlap_the_planted_windows(generated: Generated) -> None:
    ranked = {r.user: r for r in generated.analyses["baomi"].ranked}
    for insider in generated.truth["insiders"]:
        finding = next(
            f for f in ranked[insider["user"]].findings if f.scenario == insider["scenario"]
        )
        start, end = insider["window"]
        assert finding.start.isoformat() <= end and finding.end.isoformat() >= start, insider


def test_json_output_has_the_contract_fields(generated: Generated) -> None:
    top = generated.analyses["baomi"].ranked[0].as_json()
    assert set(top) >= {"user", "score", "window", "reasons"}
    assert 0 <= top["score"] <= 1 and len(top["window"]) == 2 and top["reasons"]
