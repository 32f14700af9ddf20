"""Everyday messages that share a cue word with a crisis or abuse rule (a blade, a bridge, pills,
"a date", "thank you for everything", "hurt you", a passport or bank card picked up by mistake,
laughing hyperbole): the safety rules leave them alone, because a rule hit replaces the coaching
with crisis or abuse resources. The serious messages with the same cue words are still caught.
Added with safety rules v8, which narrowed the patterns these everyday messages used to trip."""

import pytest

from twofold.coach import RULES_ONLY, analyze

SAFETY = {"crisis", "abuse_risk"}

EVERYDAY = [
    # crisis cue words
    "The hedge trimmer needs a new blade, can you order one?",
    "We've run out of paracetamol, add it to the shopping list please.",
    "The cat's new pills are in the cupboard above the kettle.",
    "Can you grab some washing line rope from the hardware shop?",
    "You're at the end of your rope with this boiler, let me ring the plumber.",
    "Walked to the bridge with the dog this morning, the mist was gorgeous.",
    "Your sunglasses are on the roof of the car again.",
    "Took the boys to the cliffs at the weekend, they found a fossil.",
    "It's been ages since we had a date, shall I book somewhere for Saturday?",
    "Thank you for everything you did for Mum's birthday, she was thrilled.",
    "thank you for everything this month, you've carried us.",
    "I honestly don't mind where we eat, you pick.",
    "Goodbye old sofa, you served us well.",
    "Not coming back tonight, staying at Sam's after the gig, don't wait up.",
    "Whatever happens with the house sale, we'll manage.",
    "Our neighbour can't keep a houseplant alive, bless her.",
    "You're still the best thing in my life, even when you steal the duvet.",
    "Parked on the top floor of the car park, meet you by the lifts.",
    "I'm not angry at you, just tired. Can we talk tomorrow?",
    "Nobody is going to be alive after your chilli tonight 🔥",
    "The life insurance quotes came through, the new one is cheaper.",
    # abuse cue words
    "The dog won't hurt you, he's just excited to see you.",
    "I'm hurt you forgot our anniversary, can we talk tonight?",
    "I picked up your bank card by mistake with mine, I'll bring it home.",
    "I grabbed your house keys by accident this morning, sorry! Dropping them back at lunch.",
    "Could you keep my passport in your rucksack for the flight?",
    "Found your passport behind the sofa, it expires in June.",
    "Rugby was brutal today, I've got bruises everywhere but we won.",
    "The new knife sharpener works a treat.",
    "if you finish my crisps I will end you 😂",
    "I didn't hide the bill, I just forgot to show you.",
    "I'm hiding in the spare room with a cup of tea while the kids fight over the Xbox.",
    "Sorry I cut you off earlier, I was stressed about work.",
    "I'm terrified of the new boss, honestly.",
    "You take everything so personally, I was only teasing.",
    "I'll take the kids to the park after lunch so you can nap.",
    "I'll make sure the bins go out tonight.",
    "Can you check my emails for the plumber's quote?",
    "I'm about to lose it with this printer.",
]

SERIOUS = [
    # (label, message)
    ("crisis", "I bought new blades today and hid them in my drawer."),
    ("crisis", "I've counted out all my pills and they're on the bedside table."),
    ("crisis", "There's a rope in the shed and I can't stop looking at it."),
    ("crisis", "I'm sitting on the bridge and I can't make myself go home."),
    ("crisis", "I've picked a date. Please look after the cat for me."),
    ("crisis", "Thank you for everything. I love you all."),
    ("crisis", "I don't trust myself alone with the tablets tonight."),
    ("crisis", "Can you make sure my sister gets my rings? I mean it."),
    ("crisis", "I just want to vanish and never come back."),
    ("abuse_risk", "I'll hurt you if you ever walk out on me."),
    ("abuse_risk", "I'm keeping your passport until you learn some respect."),
    ("abuse_risk", "I've hidden the car keys so you can't go to your sister's."),
    ("abuse_risk", "Embarrass me in front of my parents again and you'll regret it."),
    ("abuse_risk", "The bruises on my arms are from him and I'm scared to go home."),
    ("abuse_risk", "I know where your mum lives, remember that."),
    ("abuse_risk", "Put the knife down, you're scaring me."),
    ("abuse_risk", "I only lose it because you push me."),
    ("abuse_risk", "I'll kill you if you tell anyone about this."),
]


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_messages_get_no_safety_finding_from_the_rules(text):
    analysis = analyze(text, components=RULES_ONLY)
    assert not SAFETY & set(analysis.labels), [(f.rule_id, f.text) for f in analysis.findings if f.label in SAFETY]


@pytest.mark.parametrize(("label", "text"), SERIOUS)
def test_the_serious_versions_are_still_caught(label, text):
    analysis = analyze(text, components=RULES_ONLY)
    assert label in analysis.labels, analysis.labels
    assert any(f.label == label and f.rule_id for f in analysis.findings)
