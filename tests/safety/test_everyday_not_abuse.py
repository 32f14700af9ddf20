"""Everyday messages that mention phones, money, keys, kids or where someone is: the safety rules leave
them alone (a false abuse finding replaces the coaching with hotline numbers), while the controlling
versions of the same things are still caught."""

import pytest

from twofold.coach import RULES_ONLY, analyze

EVERYDAY = [
    "You took my charger again.",
    "I installed the new app on the laptop.",
    "Can you share your location so I can pick you up?",
    "The money came out of my account twice.",
    "Whats your password for the wifi? Guests need it.",
    "Check your phone, I sent you the address.",
    "I caught you checking your phone during dinner again.",
    "Your pin arrived in the post.",
    "I love my kids so much.",
    "Text me when you get in x",
    "I will be home by six.",
    "I cant leave work till 7 tonight.",
    "He takes my side every time.",
    "Can you grab my keys from the kitchen?",
    "You're not allowed to see the presents yet!",
    "What, I'm not allowed to be tired now?",
    "Can you send me your location? I'm outside but can't find the door.",
    "It's a long drive to your parents' on a Friday.",
    "Could you check my phone? I think it's under a cushion.",
    "I'll check your phone charger, it might be mine.",
    "Don't forget your passport, the taxi comes at five.",
]

CONTROLLING = [
    "Give me your phone. Now.",
    "I have been checking your phone every night.",
    "I put a tracker on your car.",
    "You will be home by 9 or else.",
    "Your wages go into my account from now on.",
    "Turn your location back on.",
    "I know your password now, so don't bother changing it.",
    "You're not allowed to see your sister again.",
    "I'm not allowed to go out without him.",
    "He grabbed me by the hair.",
    "I took your phone charger so you can't call anyone.",
]


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_messages_get_no_abuse_finding_from_the_rules(text):
    assert "abuse_risk" not in analyze(text, components=RULES_ONLY).labels


@pytest.mark.parametrize("text", CONTROLLING)
def test_the_controlling_versions_are_still_caught(text):
    assert "abuse_risk" in analyze(text, components=RULES_ONLY).labels
