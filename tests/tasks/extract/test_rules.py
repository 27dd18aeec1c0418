"""One sentence at a time: actor, place, action, status and troops for common wordings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tasks.extract.anchors import end_of_word_before, of_continues_np
from tasks.extract.context import DocContext
from tasks.extract.gazetteer import find_mentions
from tasks.extract.numbers import find_quantities
from tasks.extract.rulebook import rule_claims as extract_claims
from tasks.extract.rules import sentence_claims, troop_sentence_claims
from tasks.extract.sentences import Sentence


def keys(text: str) -> set[tuple[object, ...]]:
    return {(c.actor, c.location, c.action, c.status, c.troops) for c in extract_claims(text)}


def check_pattern(
    text: str, expected: tuple[object, ...] | None, unexpected: tuple[object, ...] | None
) -> None:
    """A sentence (given a title line unless it has one) makes `expected`, and not `unexpected`;
    with no `expected`, it makes no claim at all."""
    got = keys(text if "\n" in text else "Title\n\n" + text)
    assert (expected in got) if expected else not got
    assert unexpected is None or unexpected not in got


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Oslo had already sent 230 medical troops to Jordan.",
            ("NOR", "JOR", "deploy", "done", 230),
        ),
        (
            "Belgium will withdraw its troops from Niger.",
            ("BEL", "NER", "withdraw", "planned", None),
        ),
        (
            "About 1,700 Italian troops are currently in Lebanon.",
            ("ITA", "LBN", "presence", "done", 1700),
        ),
        (
            "The EU has ruled out sending ground troops to Libya.",
            ("EU", "LBY", "deploy", "rejected", None),
        ),
        (
            "Warsaw is offering to send 2,000 soldiers to Romania.",
            ("POL", "ROU", "deploy", "proposed", 2000),
        ),
        # the requester is the host, the troops' owner the actor (CLAIMS.md)
        ("Jordan requests more British troops.", ("GBR", "JOR", "deploy", "proposed", None)),
        (
            "Peru will deploy 4,000 more troops along its border in Tumbes.",
            ("PER", "PER", "deploy", "planned", 4000),
        ),
    ],
)
def test_sentence(sentence: str, expected: tuple[object, ...] | None) -> None:
    got = keys("Title\n\n" + sentence)
    assert (expected in got) if expected else not got


def test_raise_from_a_to_b_gives_two_levels() -> None:
    got = keys(
        "Ministers agreed to raise the number of troops for the EU mission in Somalia"
        " from 300 to 1,200."
    )
    assert ("EU", "SOM", "presence", "done", 300) in got
    assert ("EU", "SOM", "presence", "planned", 1200) in got


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


# --- patterns added in rules-0.2.0: each sentence is written for these tests ---------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "for" a country right after troops names where they go
        (
            "Spain will send 200 more soldiers for Lebanon next year.",
            ("ESP", "LBN", "deploy", "planned", 200),
        ),
        # ... and after a count word, where the level stands
        (
            "The authorised troop level for Latvia will rise to 1,250.",
            None,  # no actor named: the level alone is no claim
        ),
        # a region with no code, coordinated with a country: the country gets the claim
        (
            "Canada will send 900 troops to the Nordic countries and Finland.",
            ("CAN", "FIN", "deploy", "planned", 900),
        ),
        # counted battalions are troops even without a head count
        (
            "NATO is sending three battalions to Romania and Bulgaria this spring.",
            ("NATO", "BGR", "deploy", "done", None),
        ),
        # stationed in one country, moving to another: leave the first, arrive in the second
        (
            "About 300 US soldiers stationed in Germany are moving to Poland.",
            ("USA", "POL", "deploy", "done", 300),
        ),
        (
            "About 300 US soldiers stationed in Germany are moving to Poland.",
            ("USA", "DEU", "withdraw", "done", 300),
        ),
        # a state floating the sending the sentence is about
        (
            "Both governments ruled out sending combat troops to Haiti, after Canada raised "
            "the prospect.",
            ("CAN", "HTI", "deploy", "proposed", None),
        ),
        # troops named once, then acting again as "they"
        (
            "Belgian paratroopers were present in Rwanda for years, where they intervened in 1990.",
            ("BEL", "RWA", "deploy", "done", None),
        ),
        # a host's official, quoted, refusing foreign troops
        (
            "\u201cWe do not need more British troops,\u201d the Kenyan defence minister told "
            "reporters.",
            ("GBR", "KEN", "deploy", "rejected", None),
        ),
        (
            "\u201cWe do not need extra soldiers (French forces) here,\u201d Chadian Foreign "
            "Minister Ali Idriss said.",
            ("FRA", "TCD", "deploy", "rejected", None),
        ),
    ],
)
def test_new_pattern(text: str, expected: tuple[object, ...] | None) -> None:
    got = keys("Title\n\n" + text)
    assert (expected in got) if expected else not got


def test_total_level_for_a_country_is_planned_presence() -> None:
    got = keys("US to add troops\n\nThe authorised US troop number for Jordan will rise to 3,140.")
    assert ("USA", "JOR", "presence", "planned", 3140) in got


def test_move_to_a_pointed_back_island_uses_the_place_named_before() -> None:
    text = (
        "Marines begin move to Guam\n\n"
        "The first 200 Marines stationed on Okinawa are moving to the Pacific island, "
        "officials said."
    )
    got = keys(text)
    assert ("USA", "GUM", "deploy", "done", 200) in got
    assert ("USA", "JPN", "withdraw", "done", 200) in got


@pytest.mark.parametrize(
    "sentence",
    [
        "The company will add 500 housing units in Poland and two divisions in Spain.",
        "Troops of fans travelled to Madrid, after Liverpool raised the prospect of a title.",
        "Kirby said US troops would not be sent, as French Foreign Minister Paul Roux had hinted.",
        "The Kenyan president met 300 British troops at a ceremony in London.",
    ],
)
def test_new_patterns_stay_quiet(sentence: str) -> None:
    got = keys("Title\n\n" + sentence)
    assert not {k for k in got if k[1] in ("POL", "ESP", "KEN", "FRA")}


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="ab \n\t\u00a0\u2003.", max_size=30), data=st.data())
def test_end_of_word_before_matches_stripping_the_head(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(text)))
    assert end_of_word_before(text, pos) == len(text[:pos].rstrip())


def test_troop_sentence_claims_agree_with_the_checked_path() -> None:
    text = "Norway will send 120 trainers to Jordan next month."
    sent = Sentence(0, len(text), text)
    local = find_mentions(sent.text)
    checked = sentence_claims(sent, local, DocContext(), 1)
    assert checked
    assert troop_sentence_claims(sent, local, DocContext()) == checked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a unit of 100 men", True),
        ("a battalion  of troops", True),
        ("thousands of troops", True),
        ("the fate of troops", False),
        ("3,000 of the troops", False),
    ],
)
def test_of_continues_a_phrase_only_after_a_vague_amount_or_a_unit(
    text: str, expected: bool
) -> None:
    of_start = text.index(" of ") + text[text.index(" of ") :].index("of")
    assert of_continues_np(text, of_start, find_quantities(text)) is expected


# --- patterns added in rules-0.3.0: each sentence is written for these tests ---------------


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # an auxiliary "have" does not make a level: the verb after it says what happened
        (
            "The last 40 Belgian soldiers have left Niger.",
            ("BEL", "NER", "withdraw", "done", 40),
            ("BEL", "NER", "presence", "done", 40),
        ),
        # a number inside a name is no head count, and does not cut the troops off their place
        (
            "The last 40 Belgian soldiers have left Camp 7 in Niger.",
            ("BEL", "NER", "withdraw", "done", 40),
            ("BEL", "NER", "withdraw", "done", 7),
        ),
        # a state opening the next clause is not one more place of the list
        (
            "Norway pulled its 150 troops out of Mali, and Denmark withdrew its engineers.",
            ("NOR", "MLI", "withdraw", "done", 150),
            ("NOR", "DNK", "withdraw", "done", 150),
        ),
        # "forces there": where the place named before already has them
        (
            "Portugal sent 90 soldiers to Mozambique to support Rwandan forces there.",
            ("RWA", "MOZ", "presence", "done", None),
            ("RWA", "MOZ", "deploy", "done", None),
        ),
        # "from about A to B troops": B is the new level, planned with the verb of the clause
        (
            "Belgium will raise its contingent in Lithuania from about 300 to 800 troops.",
            ("BEL", "LTU", "presence", "planned", 800),
            ("BEL", "LTU", "presence", "done", 800),
        ),
        # "The" opening a country's name is no unknown town of the story's country
        (
            "Ghana keeps about 400 soldiers in The Gambia.",
            ("GHA", "GMB", "presence", "done", 400),
            None,
        ),
        # Japan's forces are named by their service
        (
            "The Ground Self-Defense Force will send 500 troops to Djibouti.",
            ("JPN", "DJI", "deploy", "planned", 500),
            None,
        ),
        # troops sent to a state's own border stay in that state
        (
            "Hungary will send 1,200 soldiers to the border with Serbia.",
            ("HUN", "HUN", "deploy", "planned", 1200),
            ("HUN", "SRB", "deploy", "planned", 1200),
        ),
        # ... but an alliance has no border of its own
        (
            "NATO will send 300 troops to its eastern border in Latvia.",
            ("NATO", "LVA", "deploy", "planned", 300),
            None,
        ),
        # the sender's own embassy is not where its troops go
        (
            "Eight Dutch marines were flown in to guard the Dutch embassy in Tripoli.",
            ("NLD", "LBY", "deploy", "done", 8),
            None,
        ),
        # a capitalised service name after a demonym makes that state the subject
        (
            "The Ghanaian Armed Forces said they will send 300 more soldiers to Lebanon.",
            ("GHA", "LBN", "deploy", "planned", 300),
            None,
        ),
        # ships named after a force are no personnel
        (
            "Spain ruled out sending troops to Yemen but will send two Navy ships to Djibouti.",
            ("ESP", "YEM", "deploy", "rejected", None),
            ("ESP", "DJI", "deploy", "planned", 2),
        ),
        # an armed group's fighters are no state's troops
        (
            "About 800 fighters of the Wagner Group remain in Libya.",
            None,
            ("LBY", "LBY", "presence", "done", 800),
        ),
        # a headline's "to shed" announces a planned withdrawal
        (
            "Italy to shed 500 troops in Lebanon\n\nThe cut was agreed on Monday.",
            ("ITA", "LBN", "withdraw", "planned", 500),
            None,
        ),
        # coming home is a withdrawal
        (
            "The last 45 Czech soldiers flew home from Mali on Sunday.",
            ("CZE", "MLI", "withdraw", "done", 45),
            None,
        ),
        # a count before "of the ... troops" counts them
        (
            "About 150 of the Belgian troops in Mali will stay until June.",
            ("BEL", "MLI", "presence", "planned", 150),
            None,
        ),
        # ... unless they carry their own figure
        (
            "Romania will move 400 of the 900 Romanian troops in Poland to Lithuania.",
            ("ROU", "LTU", "deploy", "planned", 400),
            ("ROU", "LTU", "deploy", "planned", 900),
        ),
        # "them": the troops just named, withdrawn or not
        (
            "Norway keeps about 80 soldiers in Jordan and has no plans to bring them home.",
            ("NOR", "JOR", "withdraw", "rejected", None),
            None,
        ),
        # leaving a country named bare, and arriving at a named base in another
        (
            "Some 300 of the French troops that left Chad were flown to Camp Nord in Gabon.",
            ("FRA", "GAB", "deploy", "done", 300),
            ("FRA", "GAB", "withdraw", "done", 300),
        ),
        # "troops from France and Denmark": the senders are not where the troops go
        (
            "Estonia will be joined by more troops from France and Denmark next year.",
            ("FRA", "EST", "deploy", "planned", None),
            ("FRA", "FRA", "deploy", "planned", None),
        ),
        # the old level of "from A to B troops" belongs to the subject, not to a later phrase
        (
            "The EU mission in Mali will shrink from about 900 to 600 troops as Malian forces"
            " take over.",
            ("EU", "MLI", "presence", "done", 900),
            ("MLI", "MLI", "presence", "done", 900),
        ),
        # troop contributors are states, not troops
        (
            "Ghana and Nepal, two of the main troop contributors, met in New York.",
            None,
            None,
        ),
        # an extended mission mandate keeps the force there
        (
            "The Security Council voted on Tuesday to renew the mandate of UNDOF in Syria.",
            ("UN", "SYR", "deploy", "planned", None),
            None,
        ),
        # any other mandate says nothing of troops
        ("The mission in Chad has a mandate to protect civilians.", None, None),
        # an active perfect sends troops; a passive one says where they are
        (
            "Greece had deployed 300 soldiers to Cyprus by Friday.",
            ("GRC", "CYP", "deploy", "done", 300),
            None,
        ),
        # a name inside a relative clause is not the subject
        (
            "Spain, which leads the mission, has about 600 soldiers in Latvia.",
            ("ESP", "LVA", "presence", "done", 600),
            None,
        ),
        # "there will be no ... troops in" refuses to send them
        (
            "There will be no Dutch troops in Yemen, the minister said.",
            ("NLD", "YEM", "deploy", "rejected", None),
            None,
        ),
        # keeping troops somewhere is a level
        (
            "Japan will keep about 200 troops in Djibouti.",
            ("JPN", "DJI", "presence", "planned", 200),
            None,
        ),
        # a mission's long proper name between the troops and their verb does not cut them off
        (
            "The 400 soldiers of the United Nations Interim Security Force for Abyei will be"
            " withdrawn from Sudan.",
            ("UN", "SDN", "withdraw", "planned", 400),
            None,
        ),
        # a vote against sending troops refuses them
        (
            "The Kenyan parliament voted against sending Kenyan troops to Haiti.",
            ("KEN", "HTI", "deploy", "rejected", None),
            None,
        ),
        # the state asking for foreign troops is where they would go
        (
            "Vilnius has asked for a permanent German brigade of 5,000 soldiers.",
            ("DEU", "LTU", "deploy", "proposed", 5000),
            None,
        ),
        # ... and the state declining them too
        (
            "Mali no longer needs French combat troops, the junta said.",
            ("FRA", "MLI", "deploy", "rejected", None),
            None,
        ),
        # army engineers are troops
        (
            "Japan offered to send army engineers to South Sudan.",
            ("JPN", "SSD", "deploy", "proposed", None),
            None,
        ),
        # "in the north of Syria" places the troops in Syria; "the Turkish side" speaks
        (
            "The Turkish side said it has no plans to decrease its 3,000 soldiers in the north"
            " of Syria.",
            ("TUR", "SYR", "withdraw", "rejected", 3000),
            None,
        ),
        # moved to its own frontier: sent somewhere at home
        (
            "China has moved 20,000 troops to its side of the frontier.",
            ("CHN", "CHN", "deploy", "done", 20000),
            ("CHN", "CHN", "withdraw", "done", 20000),
        ),
        # a level names its owner: "KFOR's total strength"
        (
            "The extra British troops will bring UNIFIL's total strength in Lebanon to 10,500.",
            ("UN", "LBN", "presence", "planned", 10500),
            None,
        ),
        # floating an idea proposes it
        (
            "Oslo floated the idea of sending Norwegian troops to Iceland.",
            ("NOR", "ISL", "deploy", "proposed", None),
            None,
        ),
        # an aside between the troops and their verb does not cut them off
        (
            "About 90 Irish soldiers, including a small medical team, will be sent to Lebanon.",
            ("IRL", "LBN", "deploy", "planned", 90),
            None,
        ),
        # the state asking owns no troops: with the sender unnamed, no claim
        ("Tallinn asked the alliance to send more forces to the border.", None, None),
        # forces attacking are fighting, not deployed
        ("Ethiopian forces attacked Eritrean positions near Badme.", None, None),
        # a relative clause between the troops and their verb is an aside
        (
            "The 300 Chilean soldiers, who had been due to stay until May, started leaving"
            " Haiti on Monday.",
            ("CHL", "HTI", "withdraw", "done", 300),
            None,
        ),
        # "by about 1,000 people" after a troop level is a change of that level
        (
            "Russia will reduce its personnel in Syria by about 1,000 people.",
            ("RUS", "SYR", "withdraw", "planned", 1000),
            None,
        ),
        # sent home is a withdrawal
        (
            "The last 80 Dutch soldiers were sent home from Mali on Friday.",
            ("NLD", "MLI", "withdraw", "done", 80),
            ("NLD", "MLI", "deploy", "done", 80),
        ),
        # an exercise's size is no stationing
        (
            "The exercise in Norway will involve more than 20,000 military personnel.",
            None,
            None,
        ),
        # "Washington" acts for the US, not as the state of Washington
        (
            "Washington will send 3,000 troops to Poland.",
            ("USA", "POL", "deploy", "planned", 3000),
            None,
        ),
        # a named formation sending troops is their sender, not a second group
        (
            "The 82nd Airborne Division will deploy 2,000 soldiers to Romania.",
            ("USA", "ROU", "deploy", "planned", 2000),
            None,
        ),
        # two adjectives between the preposition and the country
        (
            "Seoul will send 3,000 troops to Kurdish northern Iraq.",
            ("KOR", "IRQ", "deploy", "planned", 3000),
            None,
        ),
        # a capital left bare is left; the next clause's subject is no second place
        (
            "The last Belgian soldiers have left Bamako, Niger asks the same of France.",
            ("BEL", "MLI", "withdraw", "done", None),
            ("BEL", "NER", "withdraw", "done", None),
        ),
        # repatriated troops are withdrawn
        (
            "About 300 Dutch soldiers were repatriated from Afghanistan.",
            ("NLD", "AFG", "withdraw", "done", 300),
            None,
        ),
        # a count in apposition belongs to the formation before it; pushing for is proposing
        (
            "Latvia has pushed for a Canadian brigade, some 5,000 soldiers, to be based in Riga.",
            ("CAN", "LVA", "deploy", "proposed", 5000),
            None,
        ),
        # "some of the troops" is a share of them, not troops named in passing
        (
            "France pulls out of Mali\n\nSome of the troops leaving Mali will move to Niger.",
            ("FRA", "NER", "deploy", "planned", None),
            None,
        ),
        # "from about A troops to B": A is the level before the change
        (
            "The increase will lift the Dutch presence in Mali from about 400 troops to 650.",
            ("NLD", "MLI", "presence", "done", 400),
            None,
        ),
        # a level "to 2,000 later this year" is a figure of its own
        (
            "Georgia, which has about 850 soldiers in Iraq, will raise its contingent to 2,000"
            " later this year.",
            ("GEO", "IRQ", "presence", "planned", 2000),
            None,
        ),
        # a host state as subject: the troops are there
        (
            "Poland already hosts around 9,000 American troops, he added.",
            ("USA", "POL", "presence", "done", 9000),
            ("USA", "POL", "deploy", "done", 9000),
        ),
        # the forces being trained are not the trainers' deployment
        (
            "About 200 Dutch soldiers training Iraqi forces will leave Iraq in May.",
            ("NLD", "IRQ", "withdraw", "planned", 200),
            ("IRQ", "IRQ", "withdraw", "planned", 200),
        ),
        # the unit troops serve in is no deployment of its own
        (
            "Norway has about 150 soldiers serving with the NATO battle group in Lithuania.",
            ("NOR", "LTU", "presence", "done", 150),
            ("NATO", "LTU", "presence", "done", None),
        ),
        # an administration acts for its state
        (
            "The Obama administration sent 300 advisers to Iraq.",
            ("USA", "IRQ", "deploy", "done", 300),
            None,
        ),
        # "in the country" is the country the article is about, not the last one named
        (
            "Troops for Chad\n\nChad asked for help. Chad's army is stretched. Sudan and Niger"
            " border it. Togo has about 400 soldiers in the country.",
            ("TGO", "TCD", "presence", "done", 400),
            ("TGO", "NER", "presence", "done", 400),
        ),
        # the whole a share is taken from is the standing level
        (
            "Some 2,000 of the 9,000 Marines stationed on Okinawa are to move to Guam.",
            ("USA", "JPN", "presence", "done", 9000),
            ("USA", "GUM", "deploy", "planned", 9000),
        ),
        # a territory receives troops and sends none
        (
            "Guam will host 5,000 more US Marines.",
            ("USA", "GUM", "deploy", "planned", 5000),
            ("GUM", "USA", "deploy", "planned", 5000),
        ),
        # "out of the question" refuses
        (
            "Withdrawing Turkish soldiers from Qatar is out of the question, Ankara said.",
            ("TUR", "QAT", "withdraw", "rejected", None),
            None,
        ),
        # troops fought alongside are no anchor cutting the sender's troops from their place
        (
            "Pyongyang has sent 10,000 North Korean soldiers to fight alongside Russian forces"
            " in Kursk.",
            ("PRK", "RUS", "deploy", "done", 10000),
            None,
        ),
        # troops leaving "from" a formation still belong to its state
        (
            "About 500 soldiers from the 101st Airborne Division will leave Iraq.",
            ("USA", "IRQ", "withdraw", "planned", 500),
            None,
        ),
        # a headline's later clause lends its state to no figure before it
        (
            "Minister orders 2,000 more troops to Mali as Spain plans cut\n\nThe cut is small.",
            None,
            ("ESP", "MLI", "withdraw", "planned", 2000),
        ),
        # an institution speaking is no troops
        (
            "Norway has withdrawn its last troops from Mali, the Norwegian Armed Forces said.",
            ("NOR", "MLI", "withdraw", "done", None),
            ("NOR", "MLI", "presence", "done", None),
        ),
        # an active "deployed" takes the troops as its object
        (
            "Portugal last deployed ground troops in a large mission in Mozambique in 2021.",
            ("PRT", "MOZ", "deploy", "done", None),
            ("PRT", "MOZ", "presence", "done", None),
        ),
        # options are proposals
        (
            "A review looked at options for moving 2,000 US soldiers from Germany to Poland.",
            ("USA", "POL", "deploy", "proposed", 2000),
            None,
        ),
        # a formation that "will bring about N soldiers" sends them
        (
            "The Belgian battalion will bring about 600 soldiers to Romania in May.",
            ("BEL", "ROU", "deploy", "planned", 600),
            None,
        ),
    ],
)
def test_rules_0_3_patterns(
    text: str, expected: tuple[object, ...] | None, unexpected: tuple[object, ...] | None
) -> None:
    check_pattern(text, expected, unexpected)


# --- patterns added in rules-0.4.0: each sentence is written for these tests ---------------


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a clause opening on "but" and a verb shares the subject (and plan) of the one before
        (
            "In Senegal, Spain will close its base near Dakar but keep some 90 soldiers there.",
            ("ESP", "SEN", "presence", "planned", 90),
            None,
        ),
        (
            "Estonia closed the depot outside Tartu last year but kept about 40 troops in Latvia.",
            ("EST", "LVA", "presence", "done", 40),
            None,
        ),
        # ... but a clause with its own subject, or a speech verb, shares nothing
        (
            "The Greek envoy praised Cyprus, but said the island needed more troops.",
            None,
            None,
        ),
        # the place a "where" clause is about, while the clause is still open
        (
            "Cyprus, where Greece keeps roughly 900 soldiers, voted on the budget today.",
            ("GRC", "CYP", "presence", "done", 900),
            None,
        ),
        (
            "Cyprus, where Greece keeps a base, and Malta, home to 50 Italian soldiers, voted.",
            None,
            ("ITA", "CYP", "presence", "done", 50),
        ),
        # troops that "return by" a date or "from" a place go home
        (
            "The 250 Czech soldiers in Lithuania will return before Christmas, Prague said.",
            ("CZE", "LTU", "withdraw", "planned", 250),
            None,
        ),
        (
            "Some 300 Czech soldiers returned to Lithuania for a second tour in May.",
            ("CZE", "LTU", "deploy", "done", 300),
            ("CZE", "LTU", "withdraw", "done", 300),
        ),
        # "there are N troops in X" states a level, whatever verb comes after
        (
            "There are now about 700 Spanish troops in Latvia, some on rotational deployments.",
            ("ESP", "LVA", "presence", "done", 700),
            ("ESP", "LVA", "deploy", "done", 700),
        ),
        # a name right after "lead", "join" or "replace" is their object, not the sender
        (
            "Austria joined the EU's training mission in Mozambique and sent 60 soldiers.",
            ("AUT", "MOZ", "deploy", "done", 60),
            ("EU", "MOZ", "deploy", "done", 60),
        ),
        # a second verb of one subject ("will join ... and send") shares its plan
        (
            "Austria will join the EU's training mission in Mozambique and send 60 soldiers.",
            ("AUT", "MOZ", "deploy", "planned", 60),
            None,
        ),
        # "a strength of N troops" is a level
        (
            "Spain expands its battalion in Latvia\n\n"
            "With new arrivals, the unit is due to reach its full strength of about 900 troops.",
            ("ESP", "LVA", "presence", "planned", 900),
            ("ESP", "LVA", "deploy", "planned", 900),
        ),
        # a town the gazetteer does not know, placed by the text itself
        (
            "Dutch troops for the Baltics, first to Estonia\n\n"
            "Around 270 Dutch soldiers arrived in Rukla in central Lithuania on Monday.",
            ("NLD", "LTU", "deploy", "done", 270),
            ("NLD", "EST", "deploy", "done", 270),
        ),
        # "a force for the Haiti mission" goes there
        (
            "Barbados has offered 90 members of the Barbados Defence Force for the Haiti mission.",
            ("BRB", "HTI", "deploy", "proposed", 90),
            None,
        ),
        # a closing attribution names where the speaker is, not where the troops go
        (
            "Czech troops leave Mali\n\n"
            "The last 45 Czech soldiers flew home on Friday, the defence ministry in Prague said.",
            ("CZE", "MLI", "withdraw", "done", 45),
            None,
        ),
        # a town the gazetteer does not know, in a part of the story's country
        (
            "Marines to stay on after drills in the Philippines\n\n"
            "About 150 US Marines will remain in southern Mindoro after the drills end.",
            ("USA", "PHL", "presence", "planned", 150),
            None,
        ),
        # troops that "fly out" are sent; an aside opening on a participle is skipped
        (
            "Czech troops for Latvia\n\nAn additional 300 soldiers will fly out in May.",
            ("CZE", "LVA", "deploy", "planned", 300),
            None,
        ),
        (
            "Czech troops for Latvia\n\n"
            "Some 300 Czech soldiers, drawn from the 4th Rapid Reaction Brigade, will deploy soon.",
            ("CZE", "LVA", "deploy", "planned", 300),
            None,
        ),
        # "while" and a verb shares the subject too
        (
            "The African Union extended its mission in Somalia by a year while cutting its "
            "troop ceiling from 19,000 to 17,000.",
            ("AU", "SOM", "presence", "done", 19000),
            None,
        ),
        # ", and it has": the pronoun takes up the first subject, not the name nearest to it
        (
            "Kenya has about 400 soldiers in Somalia as part of the AU mission there, and it has "
            "more than 300 peacekeepers in Haiti.",
            ("KEN", "HTI", "presence", "done", 300),
            ("AU", "HTI", "presence", "done", 300),
        ),
        # compass adjectives written without a hyphen
        (
            "Moscow keeps a base near Dushanbe, in southwestern Tajikistan, where some 7,000 "
            "troops are stationed.",
            ("RUS", "TJK", "presence", "done", 7000),
            ("TJK", "TJK", "presence", "done", 7000),
        ),
        # a border named after troops sent abroad is the host's, not their own
        (
            "Some 150 Estonian soldiers will travel to Mali next week, amid fighting along the "
            "border with Niger.",
            ("EST", "MLI", "deploy", "planned", 150),
            ("EST", "EST", "deploy", "planned", 150),
        ),
        # a continent's troops belong to no one state, least of all the speaker's
        (
            "A Kremlin aide said any Nordic troops deployed to Estonia would be seen as targets.",
            None,
            None,
        ),
        # "in the northern town of Kidal" names a place
        (
            "Chad stays on in Mali\n\nChad still has some 900 soldiers in the central town of "
            "Mopti.",
            ("TCD", "MLI", "presence", "done", 900),
            None,
        ),
        # a part named without a figure after "including" is the troops already counted
        (
            "Madrid sent 250 troops to Iraq, including medics who were deployed in Najaf.",
            ("ESP", "IRQ", "deploy", "done", 250),
            ("ESP", "IRQ", "presence", "done", None),
        ),
        # the formation troops come from does not count against the verb's reach
        (
            "About 900 Dutch soldiers from the 13th Light Brigade, 1st German-Netherlands Corps, "
            "have arrived in Lithuania.",
            ("NLD", "LTU", "deploy", "done", 900),
            None,
        ),
        # troops moving "into the capital" of the story's country arrive there
        (
            "Canada reinforces its troops in Latvia\n\n"
            "Some 300 soldiers will move into the capital next month.",
            ("CAN", "LVA", "deploy", "planned", 300),
            ("CAN", "LVA", "withdraw", "planned", 300),
        ),
        # troops leaving "out of" one country "into" another arrive there
        (
            "The last column of about 300 Dutch soldiers drove out of Mali and over the border "
            "into Niger on Sunday.",
            ("NLD", "NER", "deploy", "done", 300),
            None,
        ),
        # a bare figure followed by "last autumn" is a figure of troops too
        (
            "Norway, which has about 200 troops in Lithuania, sent an extra 50 last autumn.",
            ("NOR", "LTU", "deploy", "done", 50),
            None,
        ),
        # a noun of moving troops before them decides, whatever participle describes them
        (
            "Officials said the pullout of the roughly 600 Belgian soldiers based in Niger "
            "would take three months.",
            ("BEL", "NER", "withdraw", "planned", 600),
            ("BEL", "NER", "presence", "done", 600),
        ),
        # withdrawn troops whose only place is where they go arrive there
        (
            "Some 2,000 US Marines will be moved out of Japan, about 800 of them to Australia.",
            ("USA", "AUS", "deploy", "planned", 800),
            ("USA", "AUS", "withdraw", "planned", 800),
        ),
        # hosting: "which hosts", "also hosts", and a base that "could host" in the story's place
        (
            "Spain, which hosts about 3,000 U.S. troops, is in talks over costs.",
            ("USA", "ESP", "presence", "done", 3000),
            None,
        ),
        (
            "Oman also hosts a large air base, where some 900 British airmen are stationed.",
            ("GBR", "OMN", "presence", "done", 900),
            None,
        ),
        (
            "Turkey builds a base in Qatar\n\n"
            "Officials said the base could one day host up to 2,000 Turkish soldiers.",
            ("TUR", "QAT", "presence", "proposed", 2000),
            None,
        ),
        # troops massed near a country's borders are not in it; an open ", including ..." names
        # the part's place, not the whole's ("30,000" holds no comma closing an aside)
        (
            "Officials say Russia has massed some 40,000 troops near Finland's borders, "
            "including about 5,000 it has sent to Karelia.",
            None,
            ("RUS", "FIN", "presence", "done", 40000),
        ),
        # "contributes N" states a level; "will contribute N" sends them
        (
            "Ghana contributes about 800 soldiers to the UN force in Lebanon.",
            ("GHA", "LBN", "presence", "done", 800),
            None,
        ),
        (
            "Oslo will contribute some 150 soldiers to the NATO land forces in Finland.",
            ("NOR", "FIN", "deploy", "planned", 150),
            ("NATO", "FIN", "presence", "planned", None),
        ),
        # troops in a "where" clause are where the place is, not sent there
        (
            "Spain will send 200 soldiers to Latvia, most of them to the Adazi base, where about "
            "600 Spanish troops already serve.",
            ("ESP", "LVA", "presence", "done", 600),
            ("ESP", "LVA", "deploy", "done", 600),
        ),
        # a demonym standing for the host is looked for in the anchor's own clause only
        (
            "Senegal had pledged a battalion of 900 soldiers to it, while Ghana's parliament "
            "voted against sending Ghanaian troops to Mali.",
            ("GHA", "MLI", "deploy", "rejected", None),
            ("SEN", "GHA", "presence", "planned", 900),
        ),
        # "the deaths of several soldiers" is no troops sent or kept
        (
            "Chad says it will keep its troops in Niger despite the deaths of several soldiers "
            "in Mali last week.",
            ("TCD", "NER", "presence", "planned", None),
            ("TCD", "MLI", "presence", "done", None),
        ),
        # a level "from A troops today to B"; a bare "to 5,000 despite ..." is a figure too
        (
            "The plan would lift the British force in Estonia from about 900 troops today to "
            "roughly 1,700 by summer.",
            ("GBR", "EST", "presence", "done", 900),
            None,
        ),
        (
            "Germany's parliament voted to send 300 more soldiers to Mali, raising the ceiling "
            "for the Bundeswehr contingent there from 1,100 to 1,400 despite misgivings.",
            ("DEU", "MLI", "presence", "planned", 1400),
            None,
        ),
        # a contribution with no place named is to the story's place
        (
            "West African force to stay in Liberia\n\nGhana contributes around 150 troops.",
            ("GHA", "LBR", "presence", "done", 150),
            None,
        ),
        # "have" before a participle helps it; it states no level
        (
            "Around 900 Dutch soldiers have started arriving in Lithuania for the rotation.",
            ("NLD", "LTU", "deploy", "done", 900),
            ("NLD", "LTU", "presence", "done", 900),
        ),
        # "uniformed" sits inside a troop phrase; a bare "8,000 have been moved" is a figure
        (
            "US keeps staff in Afghanistan\n\n"
            "About 120 uniformed personnel will remain at the embassy in Kabul, Afghanistan.",
            ("USA", "AFG", "presence", "planned", 120),
            None,
        ),
        (
            "US troops in Afghanistan\n\n"
            "Of the 3,000 US troops sent to Afghanistan, about 1,000 have been moved to Kandahar.",
            ("USA", "AFG", "deploy", "done", 1000),
            None,
        ),
        # troops "rotate into" a mission are sent; a force they rotate through is not sent
        (
            "About 90 Finnish personnel will rotate into the UN force in Lebanon next month.",
            ("FIN", "LBN", "deploy", "planned", 90),
            None,
        ),
        (
            "Czech soldiers have rotated through the NATO battlegroup in Lithuania since 2017.",
            ("CZE", "LTU", "deploy", "done", None),
            ("NATO", "LTU", "deploy", "done", None),
        ),
        # a one-country mission names where its troops are
        (
            "UNFICYP, which has around 800 peacekeepers, patrols the buffer zone.",
            ("UN", "CYP", "presence", "done", 800),
            None,
        ),
        # troops a mission "lost" are casualties, not a level
        (
            "Since 2013 MINUSMA has lost more than 300 personnel.",
            None,
            None,
        ),
        # "flew its last troops home", "are to be home": they leave
        (
            "Spain pulls out of Iraq\n\nSpain flew its last 200 troops home on Friday.",
            ("ESP", "IRQ", "withdraw", "done", 200),
            None,
        ),
        (
            "Danish troops leave Iraq\n\nMost of its 300 troops are to be home by Easter.",
            ("DNK", "IRQ", "withdraw", "planned", 300),
            None,
        ),
        # Gurkhas and legionnaires are troops
        (
            "Britain will send about 250 Gurkhas to Brunei next month.",
            ("GBR", "BRN", "deploy", "planned", 250),
            None,
        ),
        # a place named in the clause beats a town the gazetteer does not know
        (
            "NATO battalions head east to Poland\n\n"
            "Britain will lead the battalion in Estonia, contributing about 800 soldiers at Tapa.",
            ("GBR", "EST", "deploy", "planned", 800),
            ("GBR", "POL", "deploy", "planned", 800),
        ),
        # a clause with its own subject (", and Ottawa will lead in Latvia") keeps its places
        (
            "Germany will head the battalion in Lithuania with about 500 soldiers, and Ottawa "
            "will lead in Latvia.",
            ("DEU", "LTU", "deploy", "planned", 500),
            ("DEU", "LVA", "deploy", "planned", 500),
        ),
        # an extended mandate is planned: the word "mandate" proposes nothing here
        (
            "The Security Council extended the mandate of UNFICYP for another year.",
            ("UN", "CYP", "deploy", "planned", None),
            ("UN", "CYP", "deploy", "proposed", None),
        ),
        # "troops leaving X are expected to move" is a plan
        (
            "All of the roughly 400 Italian troops leaving Niger are expected to move to Chad.",
            ("ITA", "TCD", "deploy", "planned", 400),
            ("ITA", "TCD", "deploy", "done", 400),
        ),
        # "a battalion group of eight hundred" counts heads; a country name can be a subject
        (
            "New Zealand said it would send an infantry battalion group of eight hundred to "
            "Timor-Leste.",
            ("NZL", "TLS", "deploy", "planned", 800),
            None,
        ),
        # "would also not contribute troops" refuses to send them
        (
            "Uganda would also not contribute troops to the new force in Somalia.",
            ("UGA", "SOM", "deploy", "rejected", None),
            None,
        ),
        # the troops someone "will join" are already there
        (
            "The new company will join about 400 Spanish soldiers already stationed in Latvia.",
            ("ESP", "LVA", "presence", "done", 400),
            ("ESP", "LVA", "deploy", "planned", 400),
        ),
        # troops in a relative clause stay where it says; "moved them to X" moves them on
        (
            "Norway, which has about 90 soldiers training Iraqi forces, said it had moved them "
            "to Jordan.",
            ("NOR", "IRQ", "presence", "done", 90),
            None,
        ),
        (
            "Norway, which has about 90 soldiers training Iraqi forces, said it had moved them "
            "to Jordan.",
            ("NOR", "JOR", "deploy", "done", 90),
            ("NOR", "JOR", "presence", "done", 90),
        ),
        # "its troops", with a closing attribution naming the government, are that state's
        (
            "US troops start to leave Iraq\n\n"
            "Most of its 3,000 troops are to be home by May, the defence ministry in Rome said.",
            ("ITA", "IRQ", "withdraw", "planned", 3000),
            ("USA", "IRQ", "withdraw", "planned", 3000),
        ),
        # gapping: "..., Belarus about 500" shares the verb given once, and its sender is the
        # state before the figure; a place list stops at a name with a figure after it
        (
            "CSTO sends troops to Tajikistan\n\n"
            "Russia sent about 2,000 paratroopers to Tajikistan, Armenia 80 soldiers and "
            "Belarus about 300.",
            ("BLR", "TJK", "deploy", "done", 300),
            ("RUS", "ARM", "deploy", "done", 2000),
        ),
        (
            "CSTO sends troops to Tajikistan\n\n"
            "Armenia sent 80 soldiers, Belarus about 300, and the other members smaller units.",
            ("BLR", "TJK", "deploy", "done", 300),
            None,
        ),
        # "Denmark 200": the "mar" inside a name is no month
        (
            "Sweden will lead the force in Latvia, contributing about 600 soldiers, with "
            "Denmark 150 and Norway 100.",
            ("NOR", "LVA", "deploy", "planned", 100),
            ("NOR", "LVA", "presence", "done", 100),
        ),
        # "a division of about 15,000 men": one figure, one troop, one verb
        (
            "Jordan would station an armored division of about 9,000 men in Kuwait.",
            ("JOR", "KWT", "deploy", "planned", 9000),
            ("JOR", "KWT", "presence", "planned", 9000),
        ),
        # troops moved to a province of their own state are sent there
        (
            "Norway said it would move a battalion of about 600 soldiers from the south to "
            "Finnmark.",
            ("NOR", "NOR", "deploy", "planned", 600),
            None,
        ),
        # "an agreement" is no plan; "agreed to" is
        (
            "There are about 900 Italian troops in Lebanon under an agreement with Beirut.",
            ("ITA", "LBN", "presence", "done", 900),
            None,
        ),
        # "Marines stationed on X are to be relocated": the clause's own verb decides
        (
            "Some 2,000 of the 15,000 Marines stationed on Okinawa are to be relocated to "
            "Australia.",
            ("USA", "AUS", "deploy", "planned", 2000),
            None,
        ),
        # the troops' own past verb says it happened, whatever an earlier clause planned
        (
            "When Rome announced that all its troops would leave by June, about 400 Italian "
            "soldiers remained in Iraq.",
            ("ITA", "IRQ", "presence", "done", 400),
            ("ITA", "IRQ", "presence", "planned", 400),
        ),
        (
            "Rome said about 400 Italian soldiers will be stationed in Iraq.",
            ("ITA", "IRQ", "deploy", "planned", 400),
            None,
        ),
        # "from the current A to B" is a change of level, not a range
        (
            "Italy will double its force in Lebanon, from the current 500 to 1,000 soldiers.",
            ("ITA", "LBN", "presence", "done", 500),
            ("ITA", "LBN", "presence", "done", 1000),
        ),
        # "foreign troops" before other troops does not make those unspecified
        (
            "Liberia has had no foreign troops on its soil since U.N. peacekeepers withdrew "
            "from the country in 2018.",
            ("UN", "LBR", "withdraw", "done", None),
            None,
        ),
        # "deployed in Kosovo about 40,000 soldiers": the place sits between verb and object,
        # and the name before the figure is no part of the troops' phrase
        (
            "In 1999 the alliance NATO deployed in Kosovo about 40,000 soldiers.",
            ("NATO", "XKX", "deploy", "done", 40000),
            None,
        ),
        (
            "Kenya has pledged 1,000 police officers, Jamaica 200 soldiers and Belize 50 "
            "soldiers for the mission in Haiti.",
            ("JAM", "HTI", "deploy", "planned", 200),
            None,
        ),
    ],
)
def test_rules_0_4_patterns(
    text: str, expected: tuple[object, ...] | None, unexpected: tuple[object, ...] | None
) -> None:
    check_pattern(text, expected, unexpected)


# --- patterns added in rules-0.4.1 ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # a closed aside about the subject lends the verb no negation
        (
            "Ghana, which is not a member of the bloc, said it would send 600 soldiers to Mali.",
            ("GHA", "MLI", "deploy", "planned", 600),
            ("GHA", "MLI", "deploy", "rejected", 600),
        ),
        (
            "Ghana, which had refused to send troops, now says it will not send 600 soldiers "
            "to Mali.",
            ("GHA", "MLI", "deploy", "rejected", 600),
            None,
        ),
        # troops a plan puts somewhere, with no verb saying how, are sent there
        (
            "Spain will lead the battalion in Slovakia with about 700 soldiers.",
            ("ESP", "SVK", "deploy", "planned", 700),
            ("ESP", "SVK", "presence", "planned", 700),
        ),
        # ... but troops that will stay are a presence
        (
            "Some 900 French soldiers will continue to serve in Djibouti.",
            ("FRA", "DJI", "presence", "planned", 900),
            ("FRA", "DJI", "deploy", "planned", 900),
        ),
        # a long aside about the subject lends its names no subject role
        (
            "Hungary, which had offered to keep a few of its engineers in Iraq to guard the fuel "
            "depot after Britain's departure, flew its last troops home on Sunday.",
            ("HUN", "IRQ", "withdraw", "done", None),
            ("GBR", "IRQ", "withdraw", "done", None),
        ),
        # the Sahel is a region of several states, not Burkina Faso's province of that name
        ("In the Sahel, Germany will keep about 1,000 soldiers.", None, None),
        # a figure in apposition to units shares their verb
        (
            "Britain is to station four multinational armoured battalions, each of about 600 "
            "soldiers, in Estonia.",
            ("GBR", "EST", "deploy", "planned", 600),
            ("GBR", "EST", "presence", "done", 600),
        ),
        # "reach N" states a level
        (
            "Danish troops in Estonia are to reach 1,200 by next year.",
            ("DNK", "EST", "presence", "planned", 1200),
            ("DNK", "EST", "deploy", "planned", 1200),
        ),
    ],
)
def test_rules_0_4_1_patterns(
    text: str, expected: tuple[object, ...] | None, unexpected: tuple[object, ...] | None
) -> None:
    check_pattern(text, expected, unexpected)
