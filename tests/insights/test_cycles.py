from __future__ import annotations

import re

import pytest

from twofold.insights import CYCLE_KINDS, REACHING, STEPPING_BACK, detect_cycles, detect_cycles_in, summarise_cycles
from twofold.insights.guidance import load_guidance, parse_guidance

from .helpers import ATTACK_ATTACK, HEALTHY, PURSUE_WITHDRAW, WITHDRAW_WITHDRAW, conversation

BLAME_WORDS = ("your fault", "you always", "you never", "blame", "sam", "alex")


def test_clear_pursue_withdraw_with_turn_evidence():
    (cycle,) = detect_cycles(PURSUE_WITHDRAW)
    assert cycle.kind == "pursue_withdraw"
    assert cycle.conversation == "pw"
    assert cycle.turns == (0, 1, 2, 3, 4, 5)
    assert dict(cycle.roles) == {"Sam": REACHING, "Alex": STEPPING_BACK}
    assert cycle.confidence == pytest.approx(0.875)  # 3 pairs, every response a withdrawal, with protest


def test_pursue_withdraw_with_bids_only_is_less_certain():
    bids = conversation("b", [("Sam", ["curiosity"]), ("Alex", ["stonewalling"]), ("Sam", ["i_statement"]), ("Alex", ["stonewalling"])])
    (cycle,) = detect_cycles(bids)
    assert cycle.kind == "pursue_withdraw"
    assert cycle.turns == (0, 1, 2, 3)
    assert cycle.confidence == pytest.approx(0.75 * 0.8)


def test_one_withdrawal_is_not_a_cycle():
    once = conversation("o", [("Sam", ["criticism"]), ("Alex", ["stonewalling"]), ("Sam", ["i_statement"]), ("Alex", ["validation"])])
    assert detect_cycles(once) == ()


def test_clear_attack_attack_with_turn_evidence():
    (cycle,) = detect_cycles(ATTACK_ATTACK)
    assert cycle.kind == "attack_attack"
    assert cycle.turns == (0, 1, 2, 3)
    assert cycle.roles == ()
    assert cycle.confidence == pytest.approx(0.875)  # 3 reciprocations out of 3 answered attacks


def test_withdraw_withdraw_with_turn_evidence():
    (cycle,) = detect_cycles(WITHDRAW_WITHDRAW)
    assert cycle.kind == "withdraw_withdraw"
    assert cycle.turns == (0, 1)
    assert cycle.confidence == pytest.approx(3 / 4 * 0.75, abs=1e-3)


def test_balanced_healthy_conversation_shows_no_cycle():
    assert detect_cycles(HEALTHY) == ()


def test_consecutive_turns_by_one_sender_share_one_response():
    run = conversation("r", [("Sam", ["criticism"]), ("Sam", ["criticism"]), ("Alex", ["stonewalling"]),
                             ("Sam", []), ("Alex", ["stonewalling"])])
    (cycle,) = detect_cycles(run)
    assert cycle.kind == "pursue_withdraw"
    assert cycle.turns == (0, 1, 2, 3, 4)


def test_monologue_and_single_turn_have_no_cycle():
    assert detect_cycles_in(tuple(conversation("m", [("Sam", ["criticism"])] * 4))) == ()
    assert detect_cycles_in(tuple(conversation("m", [("Sam", ["stonewalling"])]))) == ()


def test_cycles_found_per_conversation_in_time_order():
    cycles = detect_cycles(HEALTHY + ATTACK_ATTACK + PURSUE_WITHDRAW)
    assert [(c.conversation, c.kind) for c in cycles] == [("aa", "attack_attack"), ("pw", "pursue_withdraw")]  # same start: by id


def test_explanations_describe_the_cycle_as_the_shared_enemy():
    for cycle in detect_cycles(PURSUE_WITHDRAW + ATTACK_ATTACK + WITHDRAW_WITHDRAW):
        text = (cycle.explanation + " " + cycle.practice).lower()
        assert not any(re.search(rf"\b{word}\b", text) for word in BLAME_WORDS), text
        assert "together" in text or "both" in text


def test_summary_counts_and_reading():
    cycles = detect_cycles(PURSUE_WITHDRAW + ATTACK_ATTACK + HEALTHY)
    summary = summarise_cycles(cycles, 3)
    assert summary.counts == {"pursue_withdraw": 1, "attack_attack": 1, "withdraw_withdraw": 0}
    assert summary.reading.startswith("The reach and retreat loop showed up in 1 of 3 conversations")
    assert summarise_cycles((), 2).reading == "No repeating negative cycle showed up in these conversations."


def test_guidance_data_is_complete_and_validated():
    guidance = load_guidance()
    assert set(guidance.cycles) == set(CYCLE_KINDS)
    with pytest.raises(ValueError, match="cycles.attack_attack"):
        parse_guidance({"cycles": {"pursue_withdraw": {"name": "a", "explanation": "b", "practice": "c"}}})
    with pytest.raises(ValueError, match="no insights guidance"):
        load_guidance("xx")
