import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twofold.coach import ATTACHMENTS, HARMFUL, analyze
from twofold.coach.doc import MessageDoc
from twofold.coach.pipeline import RULES_ONLY, get_pipeline
from twofold.coach.compose import _named, compose
from twofold.coach import situation
from twofold.coach.situation import plain_topic, situations
from twofold.coach.wording import DATA, wording

HARSH = [
    "You never put the dishes away. What is wrong with you?",
    "You're such an idiot with money 🙄",
    "It's not my fault, you started it.",
    "Whatever. I'm done talking.",
    "Calm down, you're overreacting about your mother.",
    # (was "You will apologise to my mother, my way or nothing.": the low abuse_risk
    # threshold now sends that one down the safety path, recall before precision)
    "Say sorry to my mum tonight. My way or nothing.",
    "ur so lazy, the bins have been full for a week",
]

#: Varied harsh drafts: insults only, "you never/always", complaints about what happened,
#: sarcasm with emoji, texting style, excuses, orders, shut-downs.
VARIED = [
    "what an absolute clown you are",
    "You're too sensitive for your own good.",
    "You never listen to me when I talk about work.",
    "you ALWAYS leave your wet towels on the bed!!",
    "ur so lazy, the bins have been full for a week",
    "Such a great dad. Forgot the school play. Father of the year 🏆🙄",
    "wow great job 👏👏 you forgot the rent AGAIN",
    "u never txt back lol 🙄",
    "k whatever im done",
    "Since you can't make a decision to save your life, I'll decide for both of us.",
    "ok but remember when you forgot my birthday in 2019? exactly.",
    "It's not my fault, the traffic was insane.",
]

QUOTES = ("\u201c", "\u201d", '"')


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(HARSH), st.sampled_from((None,) + ATTACHMENTS))
def test_rewrites_are_relief_first_and_harmless(text, attachment):
    analysis = analyze(text, recipient_attachment=attachment)
    rewrite = analysis.rewrite
    assert rewrite is not None and rewrite.source == "composer"
    assert len(rewrite.variants) >= 2
    openers = wording().openers[attachment or "secure"]
    for variant in rewrite.variants:
        assert any(variant.startswith(o) for o in openers)
        assert variant.endswith("?")
        assert not set(analyze(variant).labels) & set(HARMFUL)


@pytest.mark.parametrize("attachment", (None,) + ATTACHMENTS)
@pytest.mark.parametrize("text", VARIED)
def test_every_variant_reads_as_plain_english(text, attachment):
    rewrite = analyze(text, recipient_attachment=attachment).rewrite
    assert rewrite is not None, text
    assert len(set(rewrite.variants)) == len(rewrite.variants) >= 2
    openers = wording().openers[attachment or "secure"]
    for variant in rewrite.variants:
        assert not any(q in variant for q in QUOTES), variant
        assert ", ," not in variant and ",," not in variant, variant
        assert any(variant.startswith(o + " ") for o in openers), variant
        assert variant.endswith("?"), variant
        assert variant == variant.strip() and "  " not in variant, variant
        assert not set(analyze(variant).labels) & set(HARMFUL), variant


def _doc(text: str, attachment: str | None = None) -> MessageDoc:
    return get_pipeline(RULES_ONLY).run([MessageDoc(text, attachment)], rewrite=False)[0]


@pytest.mark.parametrize("text", VARIED + HARSH)
def test_situations_are_whole_phrases_in_the_message_words(text):
    doc = _doc(text)
    for label in doc.labels:
        if label not in HARMFUL:
            continue
        for situation in situations(doc, label):
            for part in (situation.text, situation.ask, situation.wish):
                assert "," not in part and not any(q in part for q in QUOTES), part


@pytest.mark.parametrize(
    ("text", "kind", "said", "wish"),
    [
        ("You've never cleaned the bathroom.", "vp", "haven't cleaned the bathroom", "clean the bathroom"),
        ("you never back me up in front of your mother", "vp", "don't back me up in front of your mother",
         "back me up in front of your mother"),
        ("why do you never ask about my day?", "vp", "don't ask about my day", "ask about my day"),
        ("u never txt back lol", "vp", "don't txt back", "txt back"),
        ("Forgot the school play. Typical 🙄", "vp", "forgot the school play", ""),
        ("you're always on your phone", "vp", "are on your phone", ""),
        ("ur so lazy, the bins have been full for a week", "clause", "the bins have been full for a week", ""),
        ("why is it always me who has to sort everything out?", "clause", "I have to sort everything out", ""),
        ("How hard is it to put the toilet seat down??", "vp", "", "put the toilet seat down"),
        ("You make promises to the kids and never keep them.", "vp", "make promises to the kids and don't keep them", ""),
        ("I'm tired and I need a hand with the kids, you useless lump.", "own",
         "I'm tired, and I need a hand with the kids", ""),
    ],
)
def test_reads_what_happened_without_the_absolutes(text, kind, said, wish):
    doc = _doc(text)
    first = situations(doc, next((l for l in doc.labels if l in HARMFUL), "criticism"))[0]
    assert (first.kind, first.text, first.wish) == (kind, said, wish)


@pytest.mark.parametrize(
    "text",
    [
        "what is wrong with you, you absolute muppet",  # name-calling, not a verb
        "do you need a diagram?",  # a rhetorical question
        "You always make everything about you.",  # a verdict about everything
        "Oh you never lie, do you? Saint Daniel of the Sofa 🙄",  # sarcasm: a tag question
        "you dont care do ya?",  # a tag question without a comma
    ],
)
def test_no_verb_phrase_when_it_would_twist_the_message(text):
    doc = _doc(text)
    label = next((l for l in doc.labels if l in HARMFUL), "criticism")
    assert not [s for s in situations(doc, label) if s.kind == "vp"]


def test_an_eye_roll_on_a_complaint_keeps_what_happened():
    doc = _doc("you never help with the kids and honestly you're useless 🙄")
    found = situations(doc, "criticism")
    assert (found[0].kind, found[0].text) == ("vp", "don't help with the kids")


@pytest.mark.parametrize(
    ("text", "label", "said"),
    [
        ("sorry you're so upset. I don't see what I did", "defensiveness", "I don't see what I did"),
        ("you never get how I feel", "criticism", "don't get how I feel"),
        ("I don't see what, you idiot", "defensiveness", None),  # its complement is an insult: no clause
    ],
)
def test_a_clause_keeps_the_complement_its_verb_needs(text, label, said):
    found = situations(_doc(text), label)
    assert [s.text for s in found if s.kind in ("vp", "clause")][:1] == ([said] if said else [])


def test_a_named_thing_beats_the_generic_core():
    doc = _doc("thanks for the lovely surprise of a full sink")
    doc.labels = ("contempt",)  # sarcastic thanks, as the model reads it
    first = next(compose(doc)).text
    assert "about the sink." in first and "surprise" not in first, first


@pytest.mark.parametrize("text", ["You're not a man, you're a doormat.", "you're such an idiot", "what a joke you are"])
def test_no_plain_topic_from_name_calling(text):
    assert plain_topic(_doc(text), "contempt") is None


#: Exact first variants (rules only, so the phrasebook does not move with the model's heads).
GOLDEN = [
    ("You never put the dishes away.", "secure",
     "We're in this together. I feel frustrated when you don't put the dishes away. Can we talk about it?"),
    ("Such a great dad. Forgot the school play. 🙄", "avoidant",
     "No pressure, we're okay. You're a great dad, and I felt hurt when you forgot the school play. "
     "Ten minutes this weekend?"),
    ("ur so lazy, the bins have been full for a week", "anxious",
     "I love you. I'm feeling frustrated because the bins have been full for a week. Will you talk with me tonight?"),
    ("You're overreacting about your mother.", "disorganized",
     "We're okay. You're not overreacting about your mother; I can see why it upset you. "
     "Can we talk tonight, one thing at a time?"),
    ("You will call me back within five minutes.", "secure",
     "I'm on your side. I'd really appreciate it if you could call me back within five minutes. "
     "Could we work out phone calls together?"),
    ("I'm going to bed. Not talking about this.", "avoidant",
     "No pressure, we're okay. I'm going to bed; I'll come back to this later. Could we sort it out?"),
    ("It's not my fault, the traffic was insane.", "secure",
     "I'm on your side. I know the traffic was insane, and I can still see why it upset you. Can we talk about it?"),
    ("How hard is it to put the toilet seat down??", "disorganized",
     "We're okay. I'd love it if you could put the toilet seat down. Can we talk it through calmly?"),
    ("You're so selfish with money.", "avoidant",
     "No pressure, we're okay. I need to feel that my needs count too when it comes to money. When suits you?"),
    # a complaint that names something the core does not say: the closing request names it
    ("You always put your phone face down when I walk in. What are you hiding?", "disorganized",
     "I'm here. I feel let down when you put your phone face down. Could we look at phones together, step by step?"),
    ("you're such a sad little man when you drink", "avoidant",
     "We're good, no rush. I feel hurt when you drink. Could we sort out drinking when it suits you?"),
]


@pytest.mark.parametrize(("text", "attachment", "expected"), GOLDEN, ids=[g[0][:30] for g in GOLDEN])
def test_golden_rewrites(text, attachment, expected):
    rewrite = analyze(text, recipient_attachment=attachment, components=RULES_ONLY).rewrite
    assert rewrite is not None and rewrite.text == expected


def test_rewrite_is_deterministic_and_keeps_the_topic():
    first = analyze("You never do the dishes.", recipient_attachment="avoidant").rewrite
    again = analyze("You never do the dishes.", recipient_attachment="avoidant").rewrite
    assert first == again
    assert "the dishes" in first.text  # the message's own subject, not a generic phrase
    assert first.relief_move == "low pressure and one small, specific request"


def test_topic_closers_only_for_complaints():
    doc = _doc("I was only late because the traffic was insane.")
    doc.labels = ("defensiveness",)
    assert not any("traffic" in c.closer for c in itertools.islice(compose(doc), 6))
    doc.labels = ("stonewalling",)
    assert not any("traffic" in c.closer for c in itertools.islice(compose(doc), 6))
    doc.labels = ("criticism",)
    assert "traffic" in next(compose(doc)).text


def test_defensive_closers_name_a_known_topic_only():
    doc = _doc("I was only on my phone because you were ignoring me first.")
    assert _named(doc, "defensiveness", plain_topic(doc, "defensiveness")) == "my phone"
    doc = _doc("Oh sure, it's always my circus, never yours.")
    assert _named(doc, "defensiveness", plain_topic(doc, "defensiveness")) is None


def test_orders_name_what_they_are_about_unless_the_core_does():
    doc = _doc("You will apologise to the teacher tomorrow.")
    doc.labels = ("control",)
    candidates = list(itertools.islice(compose(doc), 6))
    assert all("the teacher" in c.closer or "the teacher" in c.core for c in candidates)
    assert not any("the teacher" in c.closer and "the teacher" in c.core for c in candidates)


def test_bad_tokens_worked_out_once_per_doc():
    doc = _doc("ur so lazy, the bins have been full for a week")
    doc.labels = ("criticism",)
    list(itertools.islice(compose(doc), 3))
    known = doc.extra["situation.bad_tokens"]["criticism"]
    assert situation._bad_tokens(doc, "criticism") is known


def test_no_rewrite_without_harm():
    assert analyze("Thanks for today, I loved it.").rewrite is None


def test_rewrite_carries_the_message_subject_without_the_accusation():
    rewrite = analyze("ur so lazy, the bins have been full for a week").rewrite
    assert rewrite is not None
    assert "bins have been full for a week" in rewrite.text
    assert "lazy" not in rewrite.text.lower()
    assert not set(analyze(rewrite.text).labels) & set(HARMFUL)


@pytest.mark.parametrize(
    ("good", "bad", "error"),
    [
        ("I {feel} {feeling} when you {vp}.", "I feel {np} when you {vp}.", "wrong placeholders"),
        ("Can we talk about {np} tonight?", "Can we talk about {vp} tonight?", "must use {np} and nothing else"),
    ],
)
def test_wording_frames_are_checked_at_load(tmp_path, monkeypatch, good, bad, error):
    import twofold.coach.wording as wording_file

    broken = DATA.read_text(encoding="utf-8").replace(good, bad, 1)
    assert broken != DATA.read_text(encoding="utf-8")
    path = tmp_path / "rewrite_en.toml"
    path.write_text(broken, encoding="utf-8")
    monkeypatch.setattr(wording_file, "DATA", path)
    wording_file.wording.cache_clear()
    try:
        with pytest.raises(ValueError, match=error):
            wording_file.wording()
    finally:
        monkeypatch.undo()
        wording_file.wording.cache_clear()


def test_composer_candidates_are_checked_by_rules_only():
    from twofold.coach.pipeline import DEFAULT_COMPONENTS, Pipeline

    pipeline = Pipeline.from_names(DEFAULT_COMPONENTS)
    rewriter = pipeline.components[-1]
    assert rewriter.verify_rules == pipeline.rule_labels_of

    def full_check(texts):  # the full pipeline is only for free-text (LLM) answers
        raise AssertionError("composer candidates went through the full pipeline")

    rewriter.verify = full_check
    doc = pipeline.run([MessageDoc("You never put the dishes away.", "secure")])[0]
    assert doc.rewrite is not None and doc.rewrite.source == "composer"


def _rules_pipeline_with(verify):
    from twofold.coach.pipeline import Pipeline

    pipeline = Pipeline.from_names(RULES_ONLY)
    rewriter = pipeline.components[-1]
    rewriter.verify_rules = verify(pipeline.rule_labels_of)
    return pipeline


def test_openers_and_closers_are_checked_once_then_only_cores():
    checked: list[str] = []

    def counting(real):
        def verify(texts):
            checked.extend(texts)
            return real(texts)
        return verify

    pipeline = _rules_pipeline_with(counting)
    fixed = set(wording().openers["secure"]) | set(wording().closers["secure"])
    first = pipeline.run([MessageDoc("You never put the dishes away.", "secure")])[0]
    assert first.rewrite is not None and set(checked) & fixed
    checked.clear()
    second = pipeline.run([MessageDoc("You never take the bins out, what is wrong with you?", "secure")])[0]
    assert second.rewrite is not None
    assert checked and not set(checked) & fixed, checked
    assert all(v.split(" ", 2)[0] in " ".join(fixed) for v in second.rewrite.variants)


def test_a_candidate_whose_core_is_harmful_is_refused():
    def flag_the_complaint(real):  # pretend the rules find the message's own clause harmful
        def verify(texts):
            return [("criticism",) if "put the dishes away" in t else labels for t, labels in zip(texts, real(texts))]
        return verify

    doc = _rules_pipeline_with(flag_the_complaint).run([MessageDoc("You never put the dishes away.", "secure")])[0]
    assert doc.rewrite is not None and doc.rewrite.variants
    assert not any("put the dishes away" in v for v in doc.rewrite.variants), doc.rewrite.variants


@pytest.mark.parametrize(("text", "ask"), [("Come home right now.", "come home."), ("Come home this minute.", "come home.")])
def test_urgency_is_dropped_from_a_request_whole(text, ask):
    rewrite = analyze(text, components=RULES_ONLY).rewrite
    assert rewrite is not None and all(ask in v and "right" not in v and "minute" not in v for v in rewrite.variants)


# ---------------------------------------------------------------- reading the situation: defects fixed

def test_everyone_elses_thing_is_said_as_the_partners_own():
    doc = _doc("Loads of people lose their jobs, you'll get another one, stop moping.")
    assert plain_topic(doc, "invalidation").text == "your job"
    assert plain_topic(_doc("It's a phone. Everyone's on their phone."), "invalidation").text == "your phone"


@pytest.mark.parametrize(
    "text",
    [
        "I'm not going anywhere, but you're seriously hard work",  # a verdict on the partner, not their job
        "Toughen up a bit, honestly.",  # "bit", though its lookup lemma is "bite"
        "you are honestly the most boring person I've ever met",  # "the most" names nothing
        "I shut down because talking to you is like talking to a toddler",  # a comparison's prop
        "why would I expect anything from a man-child",  # half of a hyphenated word
    ],
)
def test_no_plain_topic_from_a_verdict_or_a_fragment(text):
    assert plain_topic(_doc(text), "criticism") is None


def test_an_idiom_is_skipped_inside_a_verb_phrase_and_names_nothing():
    doc = _doc("Why can't you for once think of how this affects me?")
    first = situations(doc, "criticism")[0]
    assert (first.kind, first.text, first.wish) == ("vp", "can't think of how this affects me", "think of how this affects me")
    assert plain_topic(doc, "criticism") is None  # not "once think", not "this affects"


def test_a_comparative_is_not_a_past_verb():
    doc = _doc("Later never comes with you.")
    assert not [s for s in situations(doc, "criticism") if s.kind == "vp"]


def test_a_questions_do_is_not_said_as_emphasis():
    found = situations(_doc("why do you always need to have the last word"), "criticism")
    assert found[0].text == "have the last word"


def test_a_past_when_clause_is_what_happened_not_sarcasm():
    doc = _doc("I felt really let down when you didn't come.")
    assert [(s.kind, s.text) for s in situations(doc, "contempt")][:1] == [("vp", "didn't come")]
    sarcasm = _doc("you're such a good listener. when you're not on your phone")
    assert not [s for s in situations(sarcasm, "contempt") if s.kind == "vp"]


def test_what_the_sender_says_of_themselves_is_no_when_or_apology():
    assert not situations(_doc("I'll be at my brother's. Not sure when I'm back."), "stonewalling")[0].text == "I'm back"
    doc = _doc("I'm sorry I forgot your mum's birthday but she forgot mine two years in a row")
    assert not [s for s in situations(doc, "defensiveness") if s.kind == "clause" and "sorry" in s.text]
    assert plain_topic(doc, "defensiveness").text == "your mum's birthday"


def test_a_possessive_keeps_its_noun_but_is_stays_a_verb():
    assert plain_topic(_doc("We're not going to your friend's birthday. I said no."), "control").text == "your friend's birthday"
    assert plain_topic(_doc("This topic's dead to me."), "stonewalling").text == "this topic"


def test_an_idiom_does_not_trigger_a_cue():
    doc = _doc("either you drop this right now or I'm not coming to the wedding")
    cues = [s for s in situations(doc, "control") if s.kind == "cue"]
    assert not [s for s in cues if any("admit" in f for f in s.frames)]


def test_whose_turn_it_is_is_no_topic_the_task_is():
    """'your turn to cook': the closer names the cooking, not 'your turn'."""
    rewrite = analyze("Funny how you're always too tired when it's your turn to cook.").rewrite
    assert rewrite is not None
    assert rewrite.variants and all("your turn" not in text for text in rewrite.variants)
