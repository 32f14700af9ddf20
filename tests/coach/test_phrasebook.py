"""Golden phrasebook: one canonical sentence per label, plus named regression cases."""

import pytest

from twofold.coach import HARMFUL, RULES_ONLY, SAFETY, analyze

# label, sentence, the span the rules must point at
PHRASEBOOK = [
    ("criticism", "You never put the dishes away.", "You never"),
    ("contempt", "You're such an idiot.", "You're such an idiot"),
    ("defensiveness", "It's not my fault the car broke down.", "not my fault"),
    ("stonewalling", "Whatever.", "Whatever"),
    ("invalidation", "You're overreacting, it's not a big deal.", "overreacting"),
    ("control", "Admit you were wrong or I'm not talking to you.", "Admit you were wrong"),
    ("reassurance", "I'm not going anywhere, we're in this together.", "not going anywhere"),
    ("validation", "It makes sense that you felt left out.", "makes sense"),
    ("i_statement", "I felt lonely when dinner went cold.", "I felt lonely"),
    ("curiosity", "Can you tell me more about what happened at work?", "tell me more"),
    ("responsibility", "I was wrong to snap at you, I'm sorry.", "I was wrong"),
    ("repair", "Can we take a break and come back to this after dinner?", "take a break"),
    ("appreciation", "Thank you for picking up the kids today.", "Thank you"),
    ("naming_block", "It's hard for me to stay open when voices get loud.", "hard for me to"),
    ("crisis", "I don't want to be alive anymore.", "want to be alive"),
    ("abuse_risk", "Give me your phone, I'm reading all your messages.", "Give me your phone"),
]

# name, sentence, labels that must be present, labels that must be absent
REGRESSIONS = [
    ("never_in_praise", "You never fail to make me laugh.", {"appreciation"}, {"criticism"}),
    ("hit_as_idea", "That idea really hit me.", set(), {"abuse_risk"}),
    ("phone_battery_dies", "My phone is going to die, call you later.", set(), {"crisis"}),
    ("apology_then_but_you", "I'm sorry, but you make it very hard to talk to you.", {"defensiveness"}, {"responsibility"}),
    ("pseudo_i_statement", "I feel that you're a terrible listener.", {"criticism"}, {"i_statement"}),
    ("break_with_return", "I'm going to bed now. Can we talk tomorrow?", set(), {"stonewalling"}),
    ("cut_myself_slack", "I need to cut myself some slack this week.", set(), {"crisis"}),
    # safety misfires fixed in the v2 safety rules (our own wording, not corpus lines)
    ("crisis_not_wake_up", "Honestly I'd be fine if I didn't wake up tomorrow.", {"crisis"}, set()),
    ("crisis_disappear", "I just want to disappear for good.", {"crisis"}, set()),
    ("crisis_better_without_me", "The family would be happier without me around.", {"crisis"}, set()),
    ("crisis_no_point_going_on", "There's no point going on like this.", {"crisis"}, set()),
    ("crisis_cant_do_this_anymore", "I can't do this anymore. I'm done with everything.", {"crisis"}, set()),
    ("crisis_goodbye", "Thank you for everything. Goodbye.", {"crisis"}, set()),
    ("crisis_giving_things_away", "Make sure my sister gets my records. I won't need them.", {"crisis"}, set()),
    ("crisis_hurting_myself", "I've started hurting myself again.", {"crisis"}, set()),
    ("crisis_pills", "I've been saving up my pills.", {"crisis"}, set()),
    ("crisis_bridge", "I'm sitting on the bridge and I don't know why.", {"crisis"}, set()),
    ("crisis_plan", "I've got a plan and I've picked a date.", {"crisis"}, set()),
    ("crisis_overdose", "thinking about overdosing tonight", {"crisis"}, set()),
    ("abuse_threat_watch", "Better watch yourself when I'm back.", {"abuse_risk"}, set()),
    ("abuse_monitoring_app", "I put an app on your phone so I know what you're up to.", {"abuse_risk"}, set()),
    ("abuse_reads_messages", "He reads all my texts every night.", {"abuse_risk"}, set()),
    ("abuse_money_card", "I'm keeping your bank card from now on.", {"abuse_risk"}, set()),
    ("abuse_keys", "You're not going anywhere tonight, I've hidden the keys.", {"abuse_risk"}, set()),
    ("abuse_phone_control", "Hand over your phone, now.", {"abuse_risk"}, set()),
    ("abuse_children_leverage", "Leave and you'll never see the kids again.", {"abuse_risk"}, set()),
    ("abuse_fear_disclosure", "I'm scared to go home, he's been drinking.", {"abuse_risk"}, set()),
    ("abuse_isolation", "You don't need your friends, stop seeing them.", {"abuse_risk"}, set()),
    # look-alikes that must stay quiet
    ("paracetamol_headache", "This headache is killing me, have we got any paracetamol?", set(), {"crisis"}),
    ("dishwasher_tablets", "we're out of dishwasher tablets", set(), {"crisis"}),
    ("roof_quote", "we got the quote for the roof, it's about 4k", set(), {"crisis"}),
    ("not_a_burden", "you're not a burden. you're my person", set(), {"crisis"}),
    ("keys_by_mistake", "I took your car keys by mistake, sorry!", set(), {"abuse_risk"}),
    ("spiders", "There's a spider in the bath and I'm terrified of spiders", set(), {"abuse_risk"}),
    ("charity_clothes", "I'm giving away the old baby clothes to the charity shop", set(), {"crisis"}),
]


@pytest.mark.parametrize(("label", "sentence", "span"), PHRASEBOOK, ids=[p[0] for p in PHRASEBOOK])
def test_rules_find_each_label_with_its_span(label, sentence, span):
    analysis = analyze(sentence, components=RULES_ONLY)
    spans = [f.text for f in analysis.findings if f.label == label]
    assert label in analysis.labels
    assert any(span in s or s in span for s in spans), spans
    finding = next(f for f in analysis.findings if f.label == label)
    assert sentence[finding.start : finding.end] == finding.text
    assert finding.component == "coach.rules.v1" and finding.explanation and finding.rule_id


@pytest.mark.parametrize(("label", "sentence", "span"), PHRASEBOOK, ids=[p[0] for p in PHRASEBOOK])
def test_full_pipeline_keeps_each_canonical_label(label, sentence, span):
    analysis = analyze(sentence)
    assert label in analysis.labels
    if label not in HARMFUL and label not in SAFETY:  # coercion is control as well as abuse_risk (GUIDE.md)
        assert not set(analysis.labels) & set(HARMFUL)


@pytest.mark.parametrize(("name", "sentence", "present", "absent"), REGRESSIONS, ids=[r[0] for r in REGRESSIONS])
def test_regression_cases(name, sentence, present, absent):
    for components in (RULES_ONLY, None):
        if components is None and absent & {"crisis", "abuse_risk"}:
            # a low safety threshold on the model may fire on a look-alike (recall first); the rules must not
            continue
        labels = set(analyze(sentence, components=components).labels)
        assert present <= labels, (name, labels)
        assert not absent & labels, (name, labels)
