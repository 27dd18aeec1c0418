"""One sentence at a time: actor, place, action, status and troops for common wordings."""

from __future__ import annotations

import pytest

from tasks.extract import extract_claims


def keys(text: str) -> set[tuple[object, ...]]:
    return {(c.actor, c.location, c.action, c.status, c.troops) for c in extract_claims(text)}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Seoul had already sent 460 non-combat troops to Iraq.",
            ("KOR", "IRQ", "deploy", "done", 460),
        ),
        ("France will withdraw its troops from Mali.", ("FRA", "MLI", "withdraw", "planned", None)),
        ("About 3,500 US troops are currently in Iraq.", ("USA", "IRQ", "presence", "done", 3500)),
        (
            "NATO has ruled out sending ground troops to Syria.",
            ("NATO", "SYR", "deploy", "rejected", None),
        ),
        (
            "Seoul is offering to send 3,000 soldiers to Iraq.",
            ("KOR", "IRQ", "deploy", "proposed", 3000),
        ),
        ("Iraq requests more US troops.", None),
        (
            "India will deploy 35,000 more troops along the border in Ladakh.",
            ("IND", "IND", "deploy", "planned", 35000),
        ),
    ],
)
def test_sentence(sentence: str, expected: tuple[object, ...] | None) -> None:
    got = keys("Title\n\n" + sentence)
    assert (expected in got) if expected else not got


def test_raise_from_a_to_b_gives_two_levels() -> None:
    got = keys(
        "Ministers agreed to raise the number of troops for the NATO Mission in Iraq"
        " from 500 to 4,000."
    )
    assert ("NATO", "IRQ", "presence", "done", 500) in got
    assert ("NATO", "IRQ", "presence", "planned", 4000) in got


def test_move_from_a_to_b_withdraws_and_deploys() -> None:
    got = keys("Title\n\nThe US will relocate 4,000 Marines from Okinawa to Guam.")
    assert ("USA", "JPN", "withdraw", "planned", 4000) in got
    assert ("USA", "GUM", "deploy", "planned", 4000) in got


def test_aircraft_police_and_casualties_are_no_claims() -> None:
    text = (
        "Title\n\nFrance sent six jets to Chad. 20 soldiers were killed in Mali."
        " Police were sent to Lyon."
    )
    assert keys(text) == set()


def test_speaker_and_rule_are_recorded() -> None:
    (claim,) = extract_claims("Title\n\nBritain will send 120 troops to Estonia, Fallon said.")
    assert claim.speaker == "Fallon"
    assert claim.rule and "np-qty" in claim.rule
