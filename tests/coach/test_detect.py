"""The rule detector's trigger index: it skips work, never matches."""

from __future__ import annotations

import pytest
from spacy.matcher import Matcher

from twofold.coach import RULES_ONLY, analyze
from twofold.coach.corpus import load_split
from twofold.coach.detect import COACH_RULES, CompiledRules
from twofold.coach.nlp import english, tokenise
from twofold.coach.normalise import normalise
from twofold.coach.rules import compile_pattern, load_rule_file
from twofold.safety import rules_path

PATHS = (COACH_RULES, rules_path("en"))


def _one_matcher_with_every_pattern() -> Matcher:
    matcher = Matcher(english().vocab)
    for path in PATHS:
        ruleset = load_rule_file(path)
        for rule in ruleset.rules:
            for kind, patterns in (("p", rule.patterns), ("u", rule.unless)):
                for number, pattern in enumerate(patterns):
                    matcher.add(f"{rule.id}#{kind}{number}", [compile_pattern(pattern, ruleset.sets, rule.id).tokens])
    return matcher


def _sentences(sdoc) -> tuple[list[int], list[tuple[int, int]]]:
    sent_of, bounds = [0] * len(sdoc), []
    for number, sent in enumerate(sdoc.sents):
        bounds.append((sent.start, sent.end))
        sent_of[sent.start : sent.end] = [number] * (sent.end - sent.start)
    return sent_of, bounds


def test_the_indexed_matchers_find_exactly_what_one_matcher_with_every_pattern_finds():
    indexed, everything = CompiledRules(PATHS), _one_matcher_with_every_pattern()
    texts = [e.text for e in load_split("dev")] + ["ok. now", "You have to stop. You do not have to go now."]
    for text in texts:
        sdoc = tokenise(normalise(text))
        sent_of, bounds = _sentences(sdoc)
        expected = {
            (key, start + begin, stop + begin)
            for begin, end in bounds
            for key, start, stop in everything(sdoc[begin:end])
        }
        assert set(indexed(sdoc, sent_of, bounds)) == expected, text


def test_a_matcher_runs_only_on_sentences_holding_both_of_its_rarest_items():
    rules = CompiledRules(PATHS)
    strings = english().vocab.strings
    now, full_stop = (0, strings["now"]), (0, strings["."])
    dot_now = [n for n in rules.index[now] if full_stop in rules.second[n]]
    assert dot_now, "the control rule '. now' is filed under 'now' with '.' as its second item"
    calls: list[tuple[int, int]] = []
    for number, matcher in enumerate(rules.matchers):
        rules.matchers[number] = lambda span, m=matcher, n=number: calls.append((n, span.start)) or m(span)
    sdoc = tokenise("Do it now please, thanks")  # a trigger of the ". now" rule, but no full stop
    sent_of, bounds = _sentences(sdoc)
    rules(sdoc, sent_of, bounds)
    assert calls and not {n for n, _ in calls} & set(dot_now)
    for number, start in calls:
        sentence = {(0, t.norm) for t in sdoc[bounds[sent_of[start]][0] : bounds[sent_of[start]][1]]}
        sentence |= {(1, t.lemma) for t in sdoc[bounds[sent_of[start]][0] : bounds[sent_of[start]][1]]}
        assert not rules.second[number] or rules.second[number] & sentence


@pytest.mark.parametrize("text", ["I didn't do anything wrong.", "I DIDN'T DO ANYTHING WRONG."])
def test_contractions_match_the_rules_written_in_full_even_when_shouted(text):
    from twofold.coach import RULES_ONLY, analyze

    assert "defensiveness" in analyze(text, components=RULES_ONLY).labels


def test_contraction_pieces_get_the_words_the_rules_are_written_in():
    read = {t.text: (t.norm_, t.lemma_) for t in tokenise("YOU'RE sure he doesn't? I hadn't, we won't, they can't")}
    assert read["YOU"] == ("you", "you") and read["'RE"] == ("are", "be")
    assert read["does"][1] == "do" and read["had"][0] == "had"
    assert read["wo"] == ("will", "will") and read["ca"] == ("can", "can")


def test_an_apostrophe_s_after_it_or_that_is_read_as_is_and_a_possessive_is_not():
    read = [(t.text, t.norm_, t.lemma_) for t in tokenise("It's Sam's car, that's all")]
    assert read[1] == ("'s", "is", "be") and read[3] == ("'s", "'s", "'s") and read[7] == ("'s", "is", "be")


def test_texting_contractions_without_the_apostrophe_read_as_is():
    read = [(t.text, t.norm_) for t in tokenise("thats fine, whats up, its ok")]
    assert read[1] == ("s", "is") and read[5] == ("s", "is") and ("its", "its") in read


def test_rules_written_with_is_match_the_contraction():
    from twofold.coach import RULES_ONLY, analyze

    assert "invalidation" in analyze("Relax, it's just a joke.", components=RULES_ONLY).labels


@pytest.mark.parametrize(
    ("text", "control"),
    [
        ("I'll be home by seven.", False),
        ("I'm going to cool off, but I'll be home by 10 and we'll talk.", False),
        ("Be home by six every day.", True),
        ("You'd better be home by ten.", True),
        ("You will be home by 9.", True),
    ],
)
def test_saying_when_you_will_be_home_is_no_order(text, control):
    assert ("control" in analyze(text, components=RULES_ONLY).labels) is control
