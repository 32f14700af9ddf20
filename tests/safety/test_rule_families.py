"""Safety rule families added in rule file v3 (and patterns added since): one or more positives and hard negatives each.

Every positive here is missed by the v2 rules; every negative is an everyday message
that must not trigger a safety label (a false hit replaces the coaching with resources).
"""

import pytest

from twofold.coach import RULES_ONLY, analyze

POSITIVES = [
    # (family, label, message)
    ("crisis.not_waking", "crisis", "Most nights I hope my heart just gives up and stops while I sleep."),
    ("crisis.not_waking", "crisis", "I'd love to close my eyes tonight and never open them again."),
    ("crisis.gone_soon", "crisis", "Soon enough you won't have to worry about me at all."),
    ("crisis.gone_soon", "crisis", "The kids would be better off with a dead mum than a useless one."),
    ("crisis.exhausted_hopeless", "crisis", "I'm just so tired of existing, all of it."),
    ("crisis.exhausted_hopeless", "crisis", "Honestly what is the point in being alive like this."),
    # v5: found trying the Coach page as a new user (the adapted model alone no longer flagged the first)
    ("crisis.exhausted_hopeless", "crisis", "I don't see the point in going on anymore."),
    ("crisis.exhausted_hopeless", "crisis", "i cant see the point of carrying on"),
    ("crisis.exhausted_hopeless", "crisis", "Some days I can't find a reason to keep going."),
    # v7: everyday "can't go on the trip" and errands are no longer crisis; these still are
    ("crisis.suicide", "crisis", "I can't go on like this."),
    ("crisis.suicide", "crisis", "I've saved up a load of paracetamol."),
    ("crisis.methods", "crisis", "I keep thinking about the canal on my way home from work."),
    ("crisis.methods", "crisis", "I've been looking up ways online and clearing it after."),
    ("crisis.arrangements", "crisis", "I've left a letter for each of you in the bottom drawer."),
    ("crisis.arrangements", "crisis", "I'm giving my bike and all my tools to Tom, he'll understand later."),
    ("abuse.self_harm_leverage", "abuse_risk", "Move out and you'll be the one who has to identify my body."),
    ("abuse.threat_conditional", "abuse_risk", "Keep crying and I'll give you something to cry about."),
    ("abuse.threat_conditional", "abuse_risk", "Shame if something happened to that new bike of yours."),
    ("abuse.threat_conditional", "abuse_risk", "Talk to a lawyer and see what happens to the dog."),
    ("abuse.physical", "abuse_risk", "It was one slap, stop going on about it."),
    ("abuse.physical", "abuse_risk", "He threw his plate at my head because dinner was cold."),
    ("abuse.fear_of_partner", "abuse_risk", "I'm scared of how you'll react if I say I want to leave."),
    ("abuse.fear_of_partner", "abuse_risk", "Every time I hear your key in the door my chest goes tight."),
    ("abuse.surveillance", "abuse_risk", "Show me your messages from today. All of them."),
    ("abuse.surveillance", "abuse_risk", "I put a tracker under your bumper, so don't bother lying."),
    ("abuse.isolation_control", "abuse_risk", "You come straight home after your shift, no more drinks with your work friends."),
    ("abuse.isolation_control", "abuse_risk", "You don't need a job, you need to stay home and look after me."),
    ("abuse.exposure_blackmail", "abuse_risk", "One more word about divorce and your boss gets your nudes."),
    ("abuse.exposure_blackmail", "abuse_risk", "I'll tell your work about your gambling if you leave."),
]

NEGATIVES = [
    # (family it must not trigger, message)
    ("crisis.not_waking", "I hope the plane lands on time, see you at arrivals!"),
    ("crisis.not_waking", "I don't want to wake up early on Saturday, can we skip the market?"),
    ("crisis.gone_soon", "Sorry, the last croissant is already gone."),
    ("crisis.gone_soon", "You'd be better off taking the train, the roads are awful."),
    ("crisis.exhausted_hopeless", "Honestly I'm so tired of fighting with the council about the bins."),
    ("crisis.exhausted_hopeless", "I don't see the point in going on holiday this year."),
    ("crisis.exhausted_hopeless", "There's no reason to keep going to that gym, we never use it."),
    ("crisis.not_here", "No point in going on about it, the bins are done."),
    ("crisis.suicide", "I can't go on the trip on Friday, they won't give me the day off."),
    ("crisis.suicide", "I can't go on with this argument tonight, I'm exhausted."),
    ("crisis.suicide", "Could you get some paracetamol from the chemist?"),
    ("crisis.suicide", "I left my pills on the kitchen table, can you bring them up?"),
    ("crisis.means_and_plan", "I'm off to the bridge club tonight."),
    ("crisis.not_here", "The parcel says delivered but it's not here."),
    ("crisis.methods", "I looked up ways to fix the leaky tap, it's just a washer."),
    ("crisis.methods", "We walked along the river and had chips, lovely day."),
    ("crisis.arrangements", "I'm giving my old coat to the charity shop tomorrow."),
    ("abuse.threat_conditional", "You're lucky I love you, because you snore like a train."),
    ("abuse.threat_conditional", "I'll know if you ate the last brownie, there were exactly six!"),
    ("abuse.threat_conditional", "Leave me and the kids out of your plans for Saturday, we're at the pool."),
    ("abuse.physical", "One push notification and my whole evening is gone."),
    ("abuse.physical", "I said no and then we laughed about it for ages."),
    ("abuse.fear_of_partner", "I'm scared of what the vet will say about her hip."),
    ("abuse.fear_of_partner", "Stop blocking the telly, I can't see the score!"),
    ("abuse.surveillance", "I checked your train times, the 6:10 is cancelled so get the 6:40."),
    ("abuse.surveillance", "I want the password for the wifi at your mum's, mine won't connect."),
    ("abuse.surveillance", "I drove past the new bakery, it's finally open!"),
    ("abuse.isolation_control", "Why don't you stay home and rest, I'll do the shopping."),
    ("abuse.isolation_control", "Is it just me or is it freezing in here?"),
    ("abuse.exposure_blackmail", "I'll tell your mum about your new job when she calls, she'll be thrilled."),
    ("general", "I'll strangle you if you spoil the finale before I've watched it!"),
    ("general", "I gave away my old bike to the neighbours' kid, hope that's okay."),
    ("general", "I check the weather app every hour when we're going camping."),
]


@pytest.mark.parametrize(("family", "label", "message"), POSITIVES, ids=[f"{p[0]}-{i}" for i, p in enumerate(POSITIVES)])
def test_family_positive(family, label, message):
    analysis = analyze(message, components=RULES_ONLY)
    assert label in analysis.labels, (family, analysis.labels)
    assert any(f.label == label and f.explanation for f in analysis.findings)


@pytest.mark.parametrize(("family", "message"), NEGATIVES, ids=[f"{n[0]}-{i}" for i, n in enumerate(NEGATIVES)])
def test_family_hard_negative(family, message):
    labels = set(analyze(message, components=RULES_ONLY).labels)
    assert not labels & {"crisis", "abuse_risk"}, (family, labels)
