"""The rule detector component: explainable spans for all 16 labels.

Coach rules come from ``data/rules_en.toml``; crisis and abuse rules from
``twofold.safety`` (``safety/rules/en.toml``). Both use the pattern language of
:mod:`twofold.coach.rules`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from twofold.coach.doc import MessageDoc, RuleHit
from twofold.coach.nlp import english
from twofold.coach.rules import Rule, compile_pattern, load_rule_file
from twofold.safety import rules_path

COACH_RULES = Path(__file__).parent / "data" / "rules_en.toml"


@dataclass(frozen=True)
class _Key:
    rule: int
    kind: str  # "p" pattern or "u" unless
    anchor_start: bool
    anchor_end: bool


#: The token attributes a trigger can name, in the column order of ``Doc.to_array``.
_COLUMNS = ("NORM", "LEMMA")
# Very frequent words and punctuation make poor triggers: a pattern is indexed under rarer items.
_COMMON = frozenset(
    "i you me my your the a an to is it that of and are be do not so what how this we was am have . , ? !".split()
)

#: A required item: its column in :data:`_COLUMNS` and the string hashes of its alternatives.
_Item = tuple[int, frozenset[int]]


class CompiledRules:
    """All rule files compiled into spaCy ``Matcher`` objects, indexed by trigger words.

    Running one matcher with every pattern costs several milliseconds per
    message; instead each pattern is filed under its two rarest required items
    (its "trigger" and a "second" item, when it has two), and a matcher runs only
    over the sentences that hold one of its trigger words and one of its second
    words. Patterns with the same two items share a matcher.
    """

    def __init__(self, paths: tuple[Path, ...]) -> None:
        from spacy.attrs import LEMMA, NORM
        from spacy.matcher import Matcher

        nlp = english()
        self.attrs = [NORM, LEMMA]  # the order of _COLUMNS
        self.rules: list[Rule] = []
        versions = []
        self.matchers: list[Matcher] = []
        self.index: dict[tuple[int, int], list[int]] = {}  # (column, word hash) of a trigger -> matchers
        self.second: list[frozenset[tuple[int, int]]] = []  # per matcher: (column, word hash) of its second item
        by_items: dict[tuple[_Item, _Item | None], int] = {}
        self.keys: dict[int, _Key] = {}
        for path in paths:
            ruleset = load_rule_file(path)
            versions.append(f"{path.stem}:{ruleset.version}")
            for rule in ruleset.rules:
                index = len(self.rules)
                self.rules.append(rule)
                for kind, patterns in (("p", rule.patterns), ("u", rule.unless)):
                    for number, pattern in enumerate(patterns):
                        compiled = compile_pattern(pattern, ruleset.sets, rule.id)
                        items = _rarest_items(compiled.tokens, nlp.vocab.strings)
                        if items not in by_items:
                            by_items[items] = len(self.matchers)
                            self.matchers.append(Matcher(nlp.vocab))
                            trigger, second = items
                            for word in trigger[1]:
                                self.index.setdefault((trigger[0], word), []).append(by_items[items])
                            self.second.append(frozenset((second[0], w) for w in second[1]) if second else frozenset())
                        name = f"{rule.id}#{kind}{number}"
                        self.matchers[by_items[items]].add(name, [compiled.tokens])
                        self.keys[nlp.vocab.strings[name]] = _Key(index, kind, compiled.anchor_start, compiled.anchor_end)
        self.version = "+".join(versions)

    def __call__(self, sdoc, sent_of: list[int], bounds: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
        """Matches as (key, start, end) token offsets; each matcher runs only over the sentences
        holding its trigger and second items (a pattern never spans two sentences)."""
        present: list[set[tuple[int, int]]] = [set() for _ in bounds]  # per sentence: (column, word hash)
        triggered: dict[int, set[int]] = {}
        index = self.index
        for i, (norm, lemma) in enumerate(sdoc.to_array(self.attrs).tolist()):
            sentence = sent_of[i]
            present[sentence].update(((0, norm), (1, lemma)))
            for number in (*index.get((0, norm), ()), *index.get((1, lemma), ())):
                triggered.setdefault(number, set()).add(sentence)
        matches: list[tuple[int, int, int]] = []
        for number in sorted(triggered):
            matcher, second = self.matchers[number], self.second[number]
            for sentence in sorted(triggered[number]):
                if second and second.isdisjoint(present[sentence]):
                    continue
                offset, end = bounds[sentence]
                matches.extend((key, offset + start, offset + stop) for key, start, stop in matcher(sdoc[offset:end]))
        return matches


def _rarest_items(tokens: list[dict], strings) -> tuple[_Item, _Item | None]:
    """The pattern's two required items with the fewest, least common alternatives (the second may be missing)."""
    ranked: list[tuple[tuple[int, int], _Item]] = []
    for spec in tokens:
        if "OP" in spec:
            continue
        ((attr, value),) = spec.items()
        words = frozenset(value["IN"] if isinstance(value, dict) else [value])
        item = (_COLUMNS.index(attr), frozenset(strings.add(w) for w in words))
        ranked.append(((len(words & _COMMON), len(words)), item))
    assert ranked, "compile_pattern guarantees a required item"
    ranked.sort(key=lambda r: r[0])
    return ranked[0][1], (ranked[1][1] if len(ranked) > 1 else None)


@lru_cache(maxsize=4)
def compiled_rules(paths: tuple[Path, ...]) -> CompiledRules:
    return CompiledRules(paths)


def _is_edge(token) -> bool:  # punctuation, spaces, emoji: ignored by ^ and $
    return not (token.is_alpha or token.is_digit)


class RuleDetector:
    name = "coach.rules.v1"
    requires: tuple[str, ...] = ("coach.tokenise.v1",)

    def __init__(self, paths: tuple[Path, ...] | None = None) -> None:
        self.paths = paths or (COACH_RULES, rules_path("en"))
        self.version = "1"

    @property
    def compiled(self) -> CompiledRules:
        return compiled_rules(self.paths)

    def pipe(self, docs: list[MessageDoc]) -> None:
        compiled = self.compiled
        self.version = compiled.version
        for doc in docs:
            if doc.analysable and doc.spacy_doc is not None:
                doc.rule_hits = self._detect(doc, compiled)
                doc.versions[self.name] = compiled.version

    def _detect(self, doc: MessageDoc, compiled: CompiledRules) -> list[RuleHit]:
        sdoc = doc.spacy_doc
        sent_of = [0] * len(sdoc)
        bounds = []
        for number, sent in enumerate(sdoc.sents):
            bounds.append((sent.start, sent.end))
            for i in range(sent.start, sent.end):
                sent_of[i] = number
        hits: list[tuple[int, int, int, int]] = []  # rule, sentence, start, end
        unless: dict[int, list[tuple[int, int, int]]] = {}
        for match_id, start, end in compiled(sdoc, sent_of, bounds):
            key = compiled.keys[match_id]
            sentence = sent_of[start]
            s_start, s_end = bounds[sentence]
            if key.anchor_start and any(not _is_edge(t) for t in sdoc[s_start:start]):
                continue
            if key.anchor_end and any(not _is_edge(t) for t in sdoc[end:s_end]):
                continue
            if key.kind == "u":
                unless.setdefault(key.rule, []).append((sentence, start, end))
            else:
                hits.append((key.rule, sentence, start, end))
        kept = [h for h in hits if not _cancelled(h, compiled.rules[h[0]].unless_scope, unless.get(h[0], ()))]
        doc.extra["vetoes"] = {
            (compiled.rules[rule].label, sdoc[start].idx) for rule, found in unless.items() for _, start, _ in found
        }
        suppressed = {
            (label, sentence) for rule, sentence, _, _ in kept for label in compiled.rules[rule].suppress
        }
        kept = [h for h in kept if (compiled.rules[h[0]].label, h[1]) not in suppressed]
        return _merge(doc, compiled, kept)


def _cancelled(hit: tuple[int, int, int, int], scope: str, unless: list[tuple[int, int, int]] | tuple) -> bool:
    _, sentence, start, end = hit
    for u_sentence, u_start, u_end in unless:
        if scope == "message":
            return True
        if scope == "sentence" and u_sentence == sentence:
            return True
        if scope == "overlap" and u_start < end and start < u_end:
            return True
    return False


def _merge(doc: MessageDoc, compiled: CompiledRules, hits: list[tuple[int, int, int, int]]) -> list[RuleHit]:
    """One hit per label and overlapping stretch of text, in text order."""
    sdoc = doc.spacy_doc
    merged: list[RuleHit] = []
    for rule_index, sentence, start, end in sorted(hits, key=lambda h: (h[2], -h[3])):
        rule = compiled.rules[rule_index]
        start_char, end_char = sdoc[start].idx, sdoc[end - 1].idx + len(sdoc[end - 1].text)
        for hit in merged:
            if hit.label == rule.label and hit.start < end_char and start_char < hit.end:
                hit.start, hit.end = min(hit.start, start_char), max(hit.end, end_char)
                break
        else:
            merged.append(RuleHit(rule.label, start_char, end_char, rule.id, rule.explanation, sentence))
    return merged
