"""Reading a message's situation, without a POS tagger, for the core of a rewrite.

The core is built from what the message says (:func:`situations`), each shape with its own
sentence frames (:mod:`twofold.coach.wording`) so the core reads as plain English rather
than quoted fragments:

- ``cue``: a harmful move the wording file knows an antidote for, said with the
  message's own word ("you're too sensitive" -> "You're not too sensitive; ...");
- ``vp``: what the partner did, the words after a "you" ("you never ask about my
  day" -> "I feel let down when you don't ask about my day." or "I'd love it if you
  could ask about my day."; an order becomes a request);
- ``clause``: something that happened, with its own subject ("the bins have been
  full for a week" -> "I'm feeling frustrated because the bins have been full for a week.");
- ``own``: the sender's own feeling or need, already an I-statement ("I'm tired and I
  need a hand with the kids, you useless lump" -> "I'm tired, and I need a hand with the kids.");
- ``np``: what it is about ("about the thermostat", "with money").

Insults, trait words and the phrases a harmful rule matched never reach a core;
"always" is dropped and "never" said as plain negation; sarcastic praise ("Such a
great dad.") is said and meant. A message that is nothing but an insult gets the
label's ``none`` core.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from twofold.coach.doc import MessageDoc
from twofold.coach.labels import HARMFUL
from twofold.coach.wording import placeholders, wording

if TYPE_CHECKING:
    from spacy.tokens import Token


# ---------------------------------------------------------------- word lists

_YOU = frozenset("you u ya youre".split())
#: Words after which a "you" is the subject of what follows ("why do you", "I feel like you", "when you").
_LEADS = frozenset(
    "and but so because cos coz cuz since when whenever if until unless while though although that like why how "
    "do does did can could would will ca wo n't nt not oh ok okay well honestly seriously look listen god yeah yes "
    "no lol omg um ugh then now also still just feel think know guess mean swear bet notice noticed remember "
    "realise realize sure time us me it this out up home over back off there here".split()
)
#: Discourse words skipped at the start of a clause ("ok but", "of course").
_OPENING = frozenset(
    "and but so because cos coz cuz since when whenever though although that like oh ok okay well honestly "
    "seriously look listen god yeah yes no lol omg um ugh then now also still just of course remember guess what".split()
)
_BE = {"are": "are", "'re": "are", "re": "are", "r": "are", "were": "were", "was": "were"}
_AUX = {
    "have": "have", "'ve": "have", "ve": "have", "had": "had", "will": "will", "'ll": "will", "ll": "will",
    "would": "would", "'d": "would", "d": "would", "can": "can", "ca": "can", "could": "could", "should": "should",
    "must": "must", "might": "might", "may": "may", "wo": "will", "do": "do", "did": "did", "shall": "shall",
}
_NEGATED = {
    "have": "haven't", "had": "hadn't", "will": "won't", "would": "wouldn't", "can": "can't", "could": "couldn't",
    "should": "shouldn't", "must": "mustn't", "might": "might not", "may": "may not", "do": "don't", "did": "didn't",
    "shall": "shan't", "are": "aren't", "were": "weren't",
}
_PAST_AUX = frozenset({"did", "had", "were"})
_MODALS = frozenset({"will", "would", "must", "should", "can", "could", "might", "may", "shall", "do", "did"})
#: What makes "you ..." an order, which a request can soften ("you will call me").
_ORDERS = frozenset({"will", "must", "should", "shall"})
_NEG = frozenset("not n't nt never".split())
_ALWAYS = frozenset("always constantly forever".split())
#: Absolutes and intensifiers, dropped from any phrase.
_FILLER = frozenset(
    "always never constantly forever ever just actually literally even basically totally completely absolutely "
    "utterly fucking bloody kinda".split()
)
#: Words that only add heat between a subject and its verb ("you seriously never ...").
_HEAT = _FILLER | frozenset("really seriously honestly clearly obviously simply only still once also".split())
#: Semi-modals "you always" puts before the real verb ("you always have to drink so much").
_HAVE_TO = (("have", "to"), ("has", "to"), ("got", "to"), ("gotta",), ("need", "to"), ("better",))
#: Phrases dropped wherever they stand: they turn one event into a verdict, or a request into a demand.
_IDIOMS = tuple(
    tuple(p.split()) for p in (
        "in your life", "in your whole life", "to save your life", "for once in your life", "for the life of you",
        "for your own good", "every single time", "every time", "all the time", "for once", "as usual", "like always",
        "as always", "yet again", "for a change", "right now", "right away", "straight away", "this minute",
        "this instant", "at once",
    )
)
#: Words trimmed from the end of a phrase.
_TRAILING = frozenset("again anymore ever lol lmao tbh though either first too now already".split())
_TIME_WORDS = frozenset("time times day days night nights week weeks weekend morning evening month year".split())
#: Words that hold a phrase together but name nothing.
_FUNCTION = frozenset(
    "a an the this that these those my your our his her their its it it's to of with for at on in about from by as "
    "into onto over under after before around during through without than then so such and or but because if when "
    "while until like i me we us you u he him she they them there here is are was were be been being am do does did "
    "have has had will would can could should must may might not no n't nt 's 're 've 'd 'll 'm up down out off away "
    "back just what which who whom whose how why where very too also again".split()
)
#: Words that open a verb's complement, which needs its own subject and verb ("see what I did", "know why").
_WH = frozenset("what why how where who whom whether".split())
#: Function words that are verbs right after a subject ("you never back me up", "you never have time").
_ALSO_VERBS = frozenset("back have like".split())
#: Words that end a noun phrase ("my name probably next").
_ADVERBS = frozenset(
    "probably maybe next now then today tonight tomorrow yesterday already again ever every each anymore".split()
)
#: Function words a phrase may end with ("call me back", "put it away").
_FINAL = frozenset("me us you him her them it this that up out off away back down".split())
#: Auxiliaries a phrase may end with after a pronoun ("like you said you would").
_FINAL_AUX = frozenset("would will did do could can should".split())
#: A phrase about everything is a verdict, not a situation.
_GLOBAL = frozenset("everything anything nothing everyone everybody anyone anybody nobody all".split())
_DETERMINERS = frozenset("the my your our his her their this these those".split())
#: Nouns too vague to name a situation.
_VAGUE = frozenset(
    "way thing things time times life point one ones lot bit end same rest idea deal problem issue stuff kind sort "
    "fault own first last moment minute second day week month year night hour question answer word words reason "
    "something anything everything nothing tone attitude face mouth head look eyes good sake both world line mind "
    "most least best worst turn".split()
)
#: Verbs that say nothing on their own ("you know", "you mean").
_EMPTY_VERBS = frozenset("know mean see think guess bet get go do feel want wish care say is be".split())
#: What may follow "you're" and still describe what the partner does rather than who they are.
_STATES = frozenset(
    "late busy tired exhausted asleep away gone distracted quiet silent drunk grumpy snappy short distant stressed "
    "out online upstairs downstairs there home around on at in with off".split()
)
_CLAUSE_VERBS = frozenset(
    "is are was were has have had 's 're 've will would 'll can could keeps kept gets got goes went came comes does "
    "did needs needed takes took looks looked seems seemed feels felt smells costs cost stays stayed starts started "
    "made makes broke breaks ran runs used".split()
)
_PAST_CLAUSE_VERBS = frozenset({"was", "were", "had", "did"})
#: A clause led by one of these is hypothetical, not something that happened.
_HYPOTHETICAL = frozenset("if unless".split())
_SPLIT_WORDS = frozenset("but because cos coz cuz since when whenever if until unless while though although which".split())
#: Conjunctions that start a new clause only when a subject follows ("and you never ...").
_SPLIT_BEFORE_SUBJECT = frozenset("and so or".split())
_SUBJECTS = frozenset("you u ur ya youre i we he she they it then".split())
#: Subject pronouns that start a new clause inside a run of words.
_NEW_SUBJECT = frozenset("i we he she they".split())
_PREPOSITIONS = frozenset("about with at in on after during over around for".split())
_NOT_PAST = frozenset("better worse best worst men women children people".split())
#: Words that follow a "you" in name-calling, not as its verb ("you absolute ...").
_NOT_VERBS = frozenset("absolute total complete utter little big silly poor dear".split())
MAX_PHRASE_WORDS = 12
_SPELLING = {"u": "you", "ur": "your", "i": "I"}
#: Texting contractions the tokeniser splits off without an apostrophe ("im" -> "i" "m", "dont" -> "do" "nt").
_CLITICS = {"m": "'m", "re": "'re", "ve": "'ve", "ll": "'ll", "d": "'d", "s": "'s", "nt": "n't"}


# ---------------------------------------------------------------- reading the situation

@dataclass(frozen=True)
class Situation:
    """What a message is about, in its own words, shaped for one kind of frame."""

    kind: str  # a key of KINDS
    text: str = ""  # vp: what follows "you" ("don't ask about my day"); clause; np; cue: its np, if any
    past: bool = False  # it happened in the past: "I felt", not "I feel"
    ask: str = ""  # vp: an order, as the base form a request can use ("call me back")
    wish: str = ""  # vp: what the partner does not do, as a wish ("ask about my day")
    frames: tuple[str, ...] = ()  # cue only: the cue's own frames
    weight: int = 0  # content words (a cue: the message's words its frame gives back); the fuller goes first
    praise: str = ""  # what sarcasm praised, to say and mean ("a great dad")
    cue: str = ""  # cue only: the cue's words as the message says them ("angry")


@lru_cache(maxsize=1)
def _harsh_words() -> frozenset[str]:
    """Insults, trait words, profanity and mocking emoji from the coach's own rule sets."""
    from twofold.coach.detect import COACH_RULES
    from twofold.coach.rules import load_rule_file

    sets = load_rule_file(COACH_RULES).sets
    return frozenset(w for name in ("trait", "insult", "profanity", "mock_emoji") for w in sets.get(name, ()))


#: Rule spans the frames of a label rephrase themselves, so their words may stay:
#: "you never" (every label); an order, which control frames turn into a request
#: ("you will call me" -> "if you could call me"); a shut-down, which stonewalling
#: frames give a time to come back. The rules check the result.
_SPARED: dict[str, frozenset[str]] = {
    "control": frozenset({"control.demand", "control.orders"}),
    "stonewalling": frozenset({"stonewalling.shut_down"}),
}


#: Where a doc keeps its bad tokens per label (a rewrite reads both its situations and its plain topic).
_BAD_KEY = "situation.bad_tokens"


def _bad_tokens(doc: MessageDoc, label: str) -> set[int]:
    """Indices of tokens that must not reach a rewrite: harsh words and what harmful rules matched
    (worked out once per doc and label; callers must not change the set)."""
    known: dict[str, set[int]] = doc.extra.setdefault(_BAD_KEY, {})
    if label not in known:
        harsh = _harsh_words()
        spared = _SPARED.get(label, frozenset()) | {"criticism.always_never"}
        spans = [(h.start, h.end) for h in doc.rule_hits if h.label in HARMFUL and h.rule_id not in spared]
        known[label] = {
            t.i for t in doc.spacy_doc
            if t.lower_ in harsh or t.norm_ in harsh or any(s <= t.idx < e for s, e in spans)
        }
    return known[label]


def _is_word(token: "Token") -> bool:
    return token.is_alpha or token.is_digit or token.text.startswith("'") or token.lower_ == "n't"


def _is_past(token: "Token") -> bool:
    """A past-tense form by its lookup lemma ("forgot" -> "forget"), not a plural, an -ing form or a
    comparative ("later" -> "late": no past form ends in -er or -est)."""
    lower = token.lower_
    return (
        token.is_alpha and token.lemma_ != lower and lower not in _FUNCTION and lower not in _NOT_PAST
        and not lower.endswith(("s", "ing", "er", "est"))
    )


def _content(words: Sequence["Token"]) -> int:
    return sum(1 for t in words if t.lower_ not in _FUNCTION)


def _clauses(doc: MessageDoc) -> list[list["Token"]]:
    """Tokens split at punctuation, emoji and clause-starting conjunctions (which lead the next clause)."""
    clauses: list[list] = [[]]
    tokens = list(doc.spacy_doc)
    for k, token in enumerate(tokens):
        # the next word past heat words: "and honestly you're ..." starts a clause like "and you're ..."
        nxt = next((t.lower_ for t in tokens[k + 1 :] if t.lower_ not in _HEAT), "")
        lower = token.lower_
        if not _is_word(token) or lower in _SPLIT_WORDS or (lower in _SPLIT_BEFORE_SUBJECT and nxt in _SUBJECTS):
            clauses.append([token] if _is_word(token) else [])
        else:
            clauses[-1].append(token)
    return [c for c in clauses if c]


def _is_question(clause: list["Token"]) -> bool:
    sent = clause[-1].sent
    return any(t.text == "?" for t in sent if t.i > clause[-1].i)


def _phrase(tokens: Sequence["Token"], bad: set[int], sweeping: bool = False) -> list["Token"] | None:
    """A phrase without fillers and idioms, cut before the first harsh word; ``None`` if nothing usable is left,
    if it would end cut before a complement ("see what"), or, unless ``sweeping``, when it is about everything
    ("you forget everything")."""
    words: list = []
    lowers = [t.lower_ for t in tokens]
    k = 0
    while k < len(tokens):
        if tokens[k].i in bad or (k and lowers[k] in _NEW_SUBJECT and lowers[k - 1] not in _WH):
            break  # a new subject starts a new clause, but not right after "what" ("see what I did")
        skip = next((len(i) for i in _IDIOMS if tuple(lowers[k : k + len(i)]) == i), 0)
        if not skip and lowers[k] in ("every", "each"):  # "every night", "every single night"
            rest = lowers[k + 1 : k + 3]
            skip = 2 if rest[:1] and rest[0] in _TIME_WORDS else 3 if rest[:1] == ["single"] else 0
        keep = lowers[k] == "never" and k + 1 < len(tokens)  # "... and never keep them": see _render
        if not skip and (keep or lowers[k] not in _FILLER):
            words.append(tokens[k])
        k += skip or 1
    while words and (words[-1].lower_ in _TRAILING or (words[-1].lower_ in _FUNCTION and not _may_end(words))):
        if words.pop().lower_ in _WH:
            return None  # cut before the complement it needs: "I don't see what ..."
    if not words or len(words) > MAX_PHRASE_WORDS or (not sweeping and any(t.lower_ in _GLOBAL for t in words)):
        return None
    return words


def _may_end(words: Sequence["Token"]) -> bool:
    """Whether a phrase may end on its last (function) word: "call me back", "like you said you would"."""
    last = words[-1].lower_
    after_pronoun = len(words) > 1 and words[-2].lower_ in _SUBJECTS
    return last in _FINAL or (last in _FINAL_AUX and after_pronoun)


def _render(words: Sequence["Token"]) -> str:
    """Tokens back to text, with texting spellings of pronouns fixed, shouting and a sentence's capital lower-cased."""
    out = []
    for k, token in enumerate(words):
        attached = k > 0 and words[k - 1].is_alpha and not words[k - 1].whitespace_
        text = _CLITICS.get(token.lower_, token.text) if attached else _SPELLING.get(token.lower_, token.text)
        if token.lower_ == "never" and k + 1 < len(words) and words[k + 1].is_alpha:
            text = _not(words[k + 1])  # "and never keep them" -> "and don't keep them"
        elif k and words[k - 1].lower_ == "never" and token.is_alpha:
            text = token.lemma_
        if (text.isupper() and len(text) > 2) or (token.is_sent_start and token.lower_ in _FUNCTION and text != "I"):
            text = text.lower()
        out.append(text + token.whitespace_)
    return "".join(out).strip()


def _not(verb: "Token") -> str:
    """The plain negation for a verb that followed "never": "don't", "didn't" or "doesn't"."""
    if _is_past(verb):
        return "didn't"
    return "doesn't" if verb.lower_.endswith("s") and verb.lemma_ != verb.lower_ else "don't"


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _is_subject(clause: list["Token"], k: int, bad: set[int]) -> bool:
    """Whether the "you" at ``k`` does something ("why do you", "you never", "... selfish you didn't")."""
    before = clause[k - 1] if k else None
    after = clause[k + 1].lower_ if k + 1 < len(clause) else ""
    return (
        before is None or before.lower_ in _LEADS or before.lower_ in _TIME_WORDS or before.i in bad
        or after in _AUX or after in _BE or after in _NEG or after in _HEAT
    )


def _you_phrase(clause: list["Token"], bad: set[int]) -> Situation | None:
    """The first "you ..." of a clause as a verb phrase, with absolutes turned into plain negation."""
    if clause[0].lower_ in _HYPOTHETICAL or _mocking(clause):
        return None
    for k, token in enumerate(clause):
        if token.lower_ not in _YOU or not _is_subject(clause, k, bad):
            continue
        inverted = [t.lower_ for t in clause[max(0, k - 2) : k] if t.lower_ in _AUX or t.lower_ in _NEG]
        found = _verb_group(clause[k + 1 :], bad, inverted, _is_question(clause))
        if found is not None and not _sarcastic_when(clause, found):
            return found
    return None


#: Tag questions that make the "you ..." before them sarcasm ("you never lie, do you?").
_TAGS = frozenset(
    tuple(t.split()) for t in ("do you", "do n't you", "are you", "are n't you", "right", "is n't it", "huh")
)
def _mocking(clause: list["Token"]) -> bool:
    """Whether a tag question ends the clause's question ("you never lie, do you?", "you dont care do ya?"):
    then the clause's verb phrase is sarcasm, not what the partner did. An eye-roll emoji is not enough:
    on "you never help with the kids 🙄" it is exasperation, and the complaint is still what happened."""
    sent = clause[-1].sent
    end = next((t.i for t in sent if t.i > clause[-1].i and t.text == "?"), None)
    if end is None:
        return False
    words = [t for t in sent if clause[0].i <= t.i < end and _is_word(t)]
    said = tuple("you" if t.lower_ in _YOU else "n't" if t.lower_ == "nt" else t.lower_ for t in words)
    return any(len(said) > len(tag) and said[-len(tag) :] == tag for tag in _TAGS)


def _sarcastic_when(clause: list["Token"], found: Situation) -> bool:
    """"... when you're not on your phone": a "when" clause denying a present state is sarcasm's way of saying
    "always"; "when you didn't come", "when you don't ask" say what happened."""
    return clause[0].lower_ in ("when", "whenever") and bool(found.text) and found.text.split()[0] == "aren't"


def _verb_group(rest: list["Token"], bad: set[int], inverted: list[str], question: bool) -> Situation | None:
    """What follows a subject "you": auxiliaries, negation, then the verb and its object."""
    aux = [_AUX[w] for w in inverted if w in _AUX]
    negated = any(w in _NEG for w in inverted)
    always = False
    i = 0
    while i < len(rest):
        word = rest[i].lower_
        if any(tuple(t.lower_ for t in rest[i : i + len(p)]) == p for p in _HAVE_TO):
            break
        idiom = next((len(p) for p in _IDIOMS if tuple(t.lower_ for t in rest[i : i + len(p)]) == p), 0)
        if idiom:  # "can't you for once think ..." -> "can't think ..."
            i += idiom
            continue
        if word in _NEG:
            negated = True
        elif word in _BE:
            aux.append(_BE[word])
        elif word in _AUX:
            aux.append(_AUX[word])
        elif word in _HEAT or word == "so":
            always = always or word in _ALWAYS
        else:
            break
        i += 1
    if inverted and not (negated or always):
        return None  # "do you need a diagram?": a rhetorical question, not a situation
    must = next((len(p) for p in _HAVE_TO if tuple(t.lower_ for t in rest[i : i + len(p)]) == p), 0)
    if must and not negated:  # "you always have to drink" -> "drink"; "you need to call" -> an order
        i += must
        aux = aux if always else [*aux, "must"]
    if aux and aux[-1] in ("are", "were"):
        return _after_be(rest[i:], bad, aux, negated, question)
    return _simple(rest[i:], bad, aux, negated)


def _object(rest: Sequence["Token"], bad: set[int]) -> list["Token"] | None:
    """What follows a verb: empty when nothing does, ``None`` when it was only a verdict ("make everything about you")."""
    body = _phrase(rest, bad)
    if body is None and _content([t for t in rest if _is_word(t) and t.lower_ not in _TRAILING]):
        return None
    return body or []


def _simple(rest: list["Token"], bad: set[int], aux: list[str], negated: bool) -> Situation | None:
    """A verb and its object: "forgot my birthday"; "'ve never cleaned" -> "haven't cleaned"."""
    not_a_verb = (_FUNCTION - _ALSO_VERBS) | _YOU | _NOT_VERBS
    if not rest or rest[0].i in bad or not rest[0].is_alpha or rest[0].lower_ in not_a_verb:
        return None
    verb = rest[0]
    if not aux and verb.lower_.endswith("s") and verb.lemma_ != verb.lower_:
        return None  # "looks": not the verb of a "you"
    body = _object(rest[1:], bad)
    if body is None or (verb.lemma_ in _EMPTY_VERBS and not _content(body)):
        return None
    tail = _render(body)
    past = aux[0] in _PAST_AUX if aux else _is_past(verb)
    if aux[:1] == ["do"] and not negated:
        aux = aux[1:]  # a question's "do", not emphasis: "why do you always need to ..." -> "you need to ..."
    if aux:
        head = _join(_NEGATED[aux[0]], *aux[1:]) if negated else " ".join(aux)
        text = _join(head, verb.lower_, tail)
    else:
        text = _join(("didn't " if past else "don't ") + verb.lemma_ if negated else verb.lower_, tail)
    request = _join(verb.lemma_ if not aux or aux[0] in ("have", "had") else verb.lower_, tail)  # "cleaned" -> "clean"
    ask = request if not negated and set(aux) & _ORDERS else ""
    if "must" in aux and not negated:
        text = _join(verb.lower_, tail)  # said as what the partner does: "you need to call" -> "call"
    return Situation("vp", text, past, ask=ask, wish=request if negated else "", weight=1 + _content(body))


def _after_be(rest: list["Token"], bad: set[int], aux: list[str], negated: bool, question: bool) -> Situation | None:
    """"you're ignoring me", "you're the one who left ...", "you're always late": a verb phrase;
    "you're lazy", "you're a joke": a verdict, so ``None``."""
    words = [t.lower_ for t in rest]
    be = _NEGATED[aux[-1]] if negated else aux[-1]
    if words[:3] in (["the", "one", "who"], ["the", "one", "that"]):
        return _simple(rest[3:], bad, [], False)
    if words[:2] == ["going", "to"]:
        found = _simple(rest[2:], bad, [], False)  # "you're going to take the job": an order too
        return found and Situation("vp", f"{be} going to {found.text}", False, ask=found.text, weight=found.weight)
    if not rest or rest[0].i in bad:
        return None
    if words[0].endswith("ing") and rest[0].lemma_ != words[0]:
        body = _object(rest[1:], bad)
        if body is None:
            return None
        return Situation("vp", _join(be, words[0], _render(body)), aux[-1] == "were", weight=1 + _content(body))
    state = rest[1:] if words[0] == "too" else rest
    if question or not state or state[0].lower_ not in _STATES:
        return None
    body = _phrase(rest, bad)
    if not body or state[0] not in body:
        return None
    return Situation("vp", _join(be, _render(body)), aux[-1] == "were", weight=_content(body))


#: Questions that ask for something by scorning its absence ("how hard is it to put the seat down?").
_SCORNED_ASKS = tuple(
    tuple(p.split()) for p in (
        "how hard is it to", "how hard can it be to", "how difficult is it to", "would it kill you to",
        "is it too much to ask that you", "is it too much to ask for you to", "too much to ask you to",
    )
)


def _scorned_ask(clause: list["Token"], bad: set[int]) -> Situation | None:
    """The wish inside a scornful question: "how hard is it to put the seat down" -> "put the seat down"."""
    lowers = [t.lower_ for t in clause]
    for start in range(len(clause)):
        run = next((p for p in _SCORNED_ASKS if tuple(lowers[start : start + len(p)]) == p), None)
        if run is None:
            continue
        rest = clause[start + len(run) :]
        if not rest or rest[0].i in bad or not rest[0].is_alpha or rest[0].lower_ in _FUNCTION:
            return None
        body = _phrase(rest[1:], bad) or []
        return Situation("vp", wish=_join(rest[0].lower_, _render(body)), weight=1 + _content(body))
    return None


def _leading(clause: list["Token"]) -> list["Token"]:
    """The clause without the discourse words and conjunctions in front of it."""
    k = 0
    while k < len(clause) and clause[k].lower_ in _OPENING and clause[k].lower_ not in _YOU:
        k += 1
    return clause[k:]


def _dropped_subject(clause: list["Token"], bad: set[int], starts_sentence: bool) -> Situation | None:
    """A verb phrase whose subject is left out or was an insult: "Forgot the school play.", "the genius locked ..."."""
    words = _leading(clause)
    k = 0
    if len(words) > 1 and words[0].lower_ in _DETERMINERS and words[1].i in bad:
        k = 2
    elif not starts_sentence:
        return None
    if k >= len(words) or not _is_past(words[k]) or words[k].i in bad:
        return None
    body = _phrase(words[k + 1 :], bad)
    if not body or not _content(body):
        return None
    tail = _render(body)
    return Situation("vp", f"{words[k].lower_} {tail}", True, weight=1 + _content(body))


def _imperative(clause: list["Token"], bad: set[int]) -> Situation | None:
    """An order opening the message ("Send me the screenshot"), kept as the base form of a request."""
    words = _leading(clause)
    if len(words) < 2 or words[0].i in bad:
        return None
    verb = words[0]
    if not verb.is_alpha or verb.lemma_ != verb.lower_ or verb.lower_ in _FUNCTION | _EMPTY_VERBS:
        return None
    if words[1].lower_ in _CLAUSE_VERBS or words[1].lower_ in _AUX:
        return None  # "Money is tight": a subject, not an order
    body = _phrase(words[1:], bad)
    if not body:
        return None
    return Situation("vp", ask=f"{verb.lower_} {_render(body)}", weight=1 + _content(body))


#: How a sender says a chore always falls to them, and how a clause says it plainly.
_BURDENS = tuple(
    (tuple(p.split()), plain) for p, plain in (
        ("me who has to", "I have to"), ("me that has to", "I have to"), ("me who ends up", "I end up"),
        ("i have to", "I have to"), ("i always have to", "I have to"), ("i am always the one who", "I'm the one who"),
        ("i am the one who", "I'm the one who"), ("i always end up", "I end up"),
    )
)


def _burden(clause: list["Token"], bad: set[int]) -> Situation | None:
    """A chore that falls to the sender: "why is it always me who has to sort everything out"
    -> "I have to sort everything out"."""
    norms = [t.norm_ for t in clause]
    for start in range(len(clause)):
        found = next(((run, plain) for run, plain in _BURDENS if tuple(norms[start : start + len(run)]) == run), None)
        if found is None:
            continue
        rest = clause[start + len(found[0]) :]
        body = _phrase(rest, bad, sweeping=True)
        if not body or body[0].lower_ in _FUNCTION or len(body) < 2:
            return None
        return Situation("clause", f"{found[1]} {_render(body)}", weight=_content(body))
    return None


#: What opens an I-statement of the sender's own feeling or need.
_OWN_OPENINGS = frozenset("feel felt 'm am was need needed miss want".split())


@lru_cache(maxsize=1)
def _feeling_words() -> frozenset[str]:
    """Feeling words from the coach's own rule sets ("hurt", "lonely", "exhausted")."""
    from twofold.coach.detect import COACH_RULES
    from twofold.coach.rules import load_rule_file

    return frozenset(load_rule_file(COACH_RULES).sets.get("feeling", ())) - {"left", "let", "taken", "close", "small"}


def _own_feeling(clause: list["Token"], bad: set[int]) -> Situation | None:
    """The sender's own feeling or need, said without blame: "I'm exhausted", "I need a hand with the kids"."""
    words = _leading(clause)
    if len(words) < 3 or words[0].lower_ != "i" or words[1].lower_ not in _OWN_OPENINGS:
        return None
    if any(t.i in bad or t.lower_ in _YOU | {"like", "that"} for t in words):
        return None  # "I feel like you ...": a verdict dressed as a feeling
    said = [t for t in words[2:] if t.lower_ not in _HEAT | {"so", "a", "bit", "little", "very", "pretty", "quite"}]
    if words[1].lower_ not in ("need", "needed", "miss", "want") and not (said and said[0].lower_ in _feeling_words()):
        return None
    body = _phrase(words, bad)
    if not body or len(body) < 3:
        return None
    return Situation("own", _render(body), weight=_content(body))


#: Words that make what the sender says of themselves an apology.
_APOLOGY = frozenset("sorry apologise apologize".split())
#: Words that lead a clause saying only when or whether something is so.
_WHEN_IF = frozenset("when whenever if unless until while".split())


def _own_clause(clause: list["Token"], bad: set[int]) -> Situation | None:
    """What the sender says of themselves ("I was at work all day", "I'm going to bed early"), but not in a
    clause that only says when or whether ("not sure when I'm back", "if I'm honest")."""
    if clause[0].lower_ in _WHEN_IF:
        return None
    words = _leading(clause)
    if len(words) < 3 or words[0].lower_ != "i" or any(t.lower_ in _YOU | {"feel", "think", "felt"} for t in words):
        return None
    if any(t.lemma_ in _APOLOGY for t in words[:4]):
        return None  # "I'm sorry I forgot": an apology, which a cue answers, not a fact to stand by
    if _AUX.get(words[1].lower_) in _MODALS - {"do", "did"}:
        return None  # "I wouldn't have gone quiet if ...": an argument, not a fact
    body = _phrase(words, bad)
    if not body or len(body) < 3 or any(t.i in bad for t in words):
        return None
    past = words[1].lower_ in _PAST_CLAUSE_VERBS or _is_past(words[1])
    return Situation("clause", _render(body), past, weight=_content(body))


def _clause(clause: list["Token"], bad: set[int]) -> tuple[Situation | None, list["Token"]]:
    """A clause with its own subject ("the bins have been full"), and that subject as a noun phrase."""
    words = _leading(clause)
    if not words or words[0].lower_ not in _DETERMINERS:
        return None, []
    heat = None  # where "never", "always" and the like stand between the subject and its verb
    for k in range(2, min(len(words), 6)):
        token = words[k]
        lower = token.lower_
        if lower in _HEAT:
            heat = k if heat is None else heat
            continue
        following = words[k + 1] if k + 1 < len(words) else None
        if lower == "'s" and following is not None and following.lower_ not in _FUNCTION | _FILLER and not (
            _is_past(following) or following.lower_.endswith("ing")
        ):
            continue  # "my mum's birthday": a possessive, not "the train's cancelled"
        plural_verb = lower.endswith("s") and token.lemma_ != lower and lower != "'s"
        if not (lower in _CLAUSE_VERBS or _is_past(token) or plural_verb):
            if lower in _FUNCTION:
                return None, []
            continue
        subject = words[: k if heat is None else heat]
        if any(t.i in bad for t in subject):
            return None, []
        rest = words[len(subject) :]
        if any(t.i in bad for t in rest):
            return None, subject
        phrase = _phrase(rest, bad)
        if not phrase or len(phrase) < 2:
            return None, subject
        past = lower in _PAST_CLAUSE_VERBS or _is_past(token)
        text = _join(_render(subject), _render(phrase))
        return Situation("clause", text, past, weight=_content(subject) + _content(phrase)), subject
    return None, []


def _topic_word(token: "Token", topics: dict[str, str]) -> str:
    """The topic-lexicon key a word names ("dishes" -> "dish"; not "later" -> "late"), or ""."""
    if token.lower_ in topics:
        return token.lower_
    plural = token.lower_ in (token.lemma_ + "s", token.lemma_ + "es")
    return token.lemma_ if plural and token.lemma_ in topics else ""


def _idiom_positions(tokens: Sequence["Token"]) -> set[int]:
    """Positions of the words of :data:`_IDIOMS` in a run of tokens."""
    lowers = [t.lower_ for t in tokens]
    return {
        k + j for k in range(len(lowers)) for idiom in _IDIOMS if tuple(lowers[k : k + len(idiom)]) == idiom
        for j in range(len(idiom))
    }


def _hyphenated(token: "Token") -> bool:
    """Whether a word is only the first half of a hyphenated one ("man" of "man-child")."""
    doc = token.doc
    return not token.whitespace_ and token.i + 1 < len(doc) and doc[token.i + 1].text == "-"


def _vague(token: "Token") -> bool:
    """Whether a head noun is too vague to name a situation, by its form or its lemma ("bit", not "bite")."""
    return token.lower_ in _VAGUE or token.lemma_ in _VAGUE


def _noun_phrases(clause: list["Token"], bad: set[int], topics: dict[str, str]) -> Iterator[tuple[int, str]]:
    """Noun phrases after a determiner or a preposition, scored: a known topic word counts most.
    Idioms are not noun phrases ("for once", "all the time")."""
    idioms = _idiom_positions(clause)
    k = 0
    while k < len(clause):
        token, lower = clause[k], clause[k].lower_
        before = clause[k - 1].lower_ if k else ""
        starts = lower in _DETERMINERS or (before in _PREPOSITIONS and token.is_alpha and lower not in _FUNCTION)
        if token.i in bad or k in idioms or not starts or before in set(_BE) | {"such", "what", "like", "quite", "being"}:
            k += 1
            continue
        end = _noun_end(clause, k, bad)
        words = clause[k:end]
        content = [t for t in words if t.lower_ not in _FUNCTION]
        topical = any(_topic_word(t, topics) for t in content)
        idiom = lower not in _DETERMINERS and len(words) == 1 and not topical  # "on cue", "for wanting"
        vague = not content or _vague(content[-1]) or {t.lower_ for t in words} & (_GLOBAL | {"own"})
        if not idiom and not vague and words[-1].lower_ != "'s" and not _hyphenated(words[-1]):
            others = lower == "their" and any(t.lower_ in _OTHERS for t in clause[:k])
            yield 2 * topical + (lower in _DETERMINERS), _yours(words) if others else _render(words)
        k = max(end, k + 1)


#: Everyone else, in a comparison that waves the partner's own case away ("loads of people lose their jobs").
_OTHERS = frozenset("people everyone everybody anyone anybody nobody others".split())


def _yours(words: Sequence["Token"]) -> str:
    """Everyone else's thing as the partner's own: "their jobs" -> "your job"."""
    head = words[-1]
    plural = head.lower_ in (head.lemma_ + "s", head.lemma_ + "es")
    return _join("your", _render(words[1:-1]), head.lemma_ if plural else _render(words[-1:]))


#: Determiners a plural cannot follow, so an -s form after them is a verb.
_SINGULAR = frozenset("this that a an".split())


def _third_person(token: "Token") -> bool:
    """An -s form with a lookup lemma of its own ("affects" -> "affect"; not "news", not "'s")."""
    lower = token.lower_
    return token.is_alpha and lower.endswith("s") and token.lemma_ != lower


#: Words that follow an "is" spelled "'s" ("my mum's right"), not a possessive.
_NOT_NOUNS = frozenset("right wrong fine okay ok sure done gone here there not".split())


def _possessive(following: Sequence["Token"]) -> bool:
    """Whether the word after an "'s" makes it a possessive: a noun, not a verb, an adverb or a function word."""
    word = following[0] if following else None
    return (
        word is not None and word.is_alpha and word.lower_ not in _FUNCTION | _FILLER | _ADVERBS | _STATES | _PRAISE
        and word.lower_ not in _NOT_NOUNS and not _is_past(word) and not word.lower_.endswith("ing")
    )


def _noun_end(clause: list["Token"], k: int, bad: set[int]) -> int:
    """Where the noun phrase starting at ``k`` ends: before a verb, an adverb or a function word (four words at most).
    Right after a singular determiner, an -s form is a verb ("how this affects me"), not a plural."""
    singular = clause[k].lower_ in _SINGULAR
    end = k + 1
    while end < len(clause) and end - k < 4:
        word = clause[end]
        lower = word.lower_
        verb = lower in _CLAUSE_VERBS or (end > k + 1 and (_is_past(word) or lower.endswith("ing")))
        verb = verb or (singular and end == k + 1 and _third_person(word))
        if lower == "'s" and clause[k].lower_ not in _SINGULAR and _possessive(clause[end + 1 : end + 2]):
            verb = False  # "your mum's birthday", not "the train's cancelled"
        if word.i in bad or verb or lower in (_FUNCTION - {"'s"}) | _ADVERBS | _FILLER:
            break
        if not (word.is_alpha or word.is_digit or lower == "'s"):
            break
        end += 1
    return end


#: Words of praise that sarcasm turns upside down ("Such a great dad.").
_PRAISE = frozenset(
    "good great lovely wonderful amazing brilliant fantastic perfect nice excellent caring thoughtful kind sweet".split()
)


def _praise(doc: MessageDoc, bad: set[int]) -> str:
    """"a great dad" from "Such a great dad.", for a frame that says it and means it."""
    tokens = list(doc.spacy_doc)
    for k in range(len(tokens) - 2):
        article, adjective, noun = tokens[k : k + 3]
        if article.lower_ in ("a", "an") and adjective.lower_ in _PRAISE and noun.is_alpha and noun.lower_ not in _FUNCTION:
            if not any(t.i in bad for t in (adjective, noun)) and noun.lower_ not in _VAGUE:
                return _join("an" if adjective.lower_[0] in "aeiou" else "a", adjective.lower_, noun.lower_)
    return ""


#: Words before an "a" or "an" that make what follows a verdict or a prop ("you're a ...", "as useful as a ...").
_NOT_TOPIC_BEFORE = frozenset(_BE) | _YOU | _NEG | frozenset("is 's such what like quite being as".split())


def _indefinite(clause: list["Token"], bad: set[int]) -> Iterator[str]:
    """Nouns after "a" or "an", said as "the" and the noun ("a full sink" -> "the sink"); not in a comparison
    ("like you were raised in a barn")."""
    for k, token in enumerate(clause):
        if token.lower_ not in ("a", "an") or (k and clause[k - 1].lower_ in _NOT_TOPIC_BEFORE):
            continue
        if any(t.lower_ == "like" for t in clause[:k]):
            break
        words = clause[k + 1 : _noun_end(clause, k, bad)]
        head = words[-1] if words else None
        if head is None or not head.is_alpha or head.lower_ in _FUNCTION | _PRAISE | _TIME_WORDS:
            continue
        if not _vague(head) and not _hyphenated(head) and not any(t.lower_ in _PRAISE for t in words):
            yield f"the {head.lower_}"


def plain_topic(doc: MessageDoc, label: str, topical: bool = False) -> Situation | None:
    """What a message with no other situation names, for a plain np frame (:attr:`Wording.fallback`):
    its first noun phrase that is not sarcasm's praise ("the lovely surprise"), an insult or a trait word.
    ``topical``: only a phrase with a topic-lexicon word ("the rent", not "my circus")."""
    if doc.spacy_doc is None:
        return None
    bad = _bad_tokens(doc, label)
    clauses = _clauses(doc)
    found = [n for n in _nouns(doc, clauses, bad, topical) if not set(n.lower().split()) & _PRAISE]
    if topical:
        found = [n for n in found if _names_topic(n)]
    else:
        found += [n for clause in clauses for n in _indefinite(clause, bad)]
    return Situation("np", found[0], frames=wording().fallback) if found else None


def _names_topic(phrase: str) -> bool:
    """Whether a phrase is or has a topic-lexicon word ("my phone", "the bills"), not a prop ("the traffic")."""
    topics = wording().topics
    if phrase in topics.values():
        return True
    words = phrase.lower().split()
    return any(w in topics or w.removesuffix("s") in topics or w.removesuffix("es") in topics for w in words)


def _positions(tokens: Sequence["Token"]) -> dict[str, list[int]]:
    """Where each word form, lemma and norm of a message stands (for :func:`_find`)."""
    where: dict[str, list[int]] = {}
    for k, token in enumerate(tokens):
        for word in {token.lower_, token.lemma_, token.norm_}:
            where.setdefault(word, []).append(k)
    return where


def _find(
    run: tuple[str, ...], tokens: Sequence["Token"], where: dict[str, list[int]], skip: set[int] = frozenset()
) -> str | None:
    """The message's own words for a run of forms or lemmas, or ``None`` when it does not say them
    (not counting a run that starts at a position in ``skip``)."""
    for s in where.get(run[0], ()):
        if s not in skip and all(s + j in where.get(run[j], ()) for j in range(1, len(run))):
            return _render(tokens[s : s + len(run)]).lower()
    return None


def _nouns(doc: MessageDoc, clauses: list[list["Token"]], bad: set[int], topical: bool = False) -> list[str]:
    """What the message is about, best first: clause subjects, then phrases after determiners or
    prepositions; else the topic lexicon's phrases for words the message uses. ``topical``: only
    phrases with a topic-lexicon word (sarcasm's other nouns are props: "a brick wall")."""
    topics = wording().topics
    scored: list[tuple[int, int, str]] = []
    for number, clause in enumerate(clauses):
        _, subject = _clause(clause, bad)
        if subject and subject[-1].lower_ not in _VAGUE:
            scored.append((3 + (subject[0].lower_ in _DETERMINERS), number, _render(subject)))
        scored += [(score, number, text) for score, text in _noun_phrases(clause, bad, topics)]
    if topical:
        scored = [n for n in scored if n[0] >= 2]
    if not scored:
        verdict = _verdict(doc)
        known = [(t, _topic_word(t, topics)) for t in doc.spacy_doc if t.i not in bad and t.i not in verdict]
        scored = [(0, t.i, topics[key]) for t, key in known if key]
    found: list[str] = []
    for _, _, text in sorted(scored, key=lambda n: (-n[0], n[1])):
        if text.lower() not in (f.lower() for f in found):
            found.append(text)
    return found


def _verdict(doc: MessageDoc) -> set[int]:
    """Indices of the words that say what the partner *is* ("you're seriously hard work"): a verdict on a
    person names no topic, though a state ("you're always late") or what follows a preposition ("with money") may."""
    tokens = list(doc.spacy_doc)
    found: set[int] = set()
    for k, token in enumerate(tokens[:-1]):
        if token.lower_ not in _YOU or tokens[k + 1].lower_ not in _BE:
            continue
        for word in tokens[k + 2 :]:
            lower = word.lower_
            if lower in _HEAT | {"so", "such", "a", "an"}:
                continue
            if not word.is_alpha or lower in _FUNCTION | _STATES or lower.endswith("ing"):
                break
            found.add(word.i)
    return found


def _events(clauses: list[list["Token"]], bad: set[int], label: str) -> list[Situation]:
    """Verb phrases and clauses, in message order; a clause followed by "and you ..." takes it along."""
    found: list[Situation] = []
    for number, clause in enumerate(clauses):
        starts = clause[0].is_sent_start or number == 0
        vp = _you_phrase(clause, bad) or _scorned_ask(clause, bad) or _dropped_subject(clause, bad, starts)
        if vp is None and number == 0 and label == "control":
            vp = _imperative(clause, bad)
        full, _ = _clause(clause, bad)
        if full is None and label in ("criticism", "contempt"):
            full = _burden(clause, bad) or _own_feeling(clause, bad)
        if full is None and label in ("defensiveness", "stonewalling"):
            full = _own_clause(clause, bad)
        nxt = clauses[number + 1] if number + 1 < len(clauses) else []
        if full and nxt[:1] and nxt[0].lower_ == "and":
            full = _and_then(full, nxt, bad)
        if vp and vp.text and " " not in vp.text and nxt[:1] and nxt[0].lower_ == "when":
            vp = _with_when(vp, nxt, bad)
        found += [s for s in (vp, full) if s is not None]
    return found


def _and_then(first: Situation, nxt: list["Token"], bad: set[int]) -> Situation:
    """A clause takes along the "and ..." that follows it: "the anniversary came and went" +
    "and you didn't notice"; "I'm tired" + "and I need a hand with the kids"."""
    if first.kind == "clause":
        then = _you_phrase(nxt, bad)
        if then and then.text:
            text = f"{first.text} and you {then.text}"
            return Situation("clause", text, first.past or then.past, weight=first.weight + then.weight)
    if first.kind == "own":
        then = _own_feeling(nxt, bad)
        if then:
            return Situation("own", f"{first.text}, and {then.text}", weight=first.weight + then.weight)
    return first


def _with_when(vp: Situation, when: list["Token"], bad: set[int]) -> Situation:
    """A verb on its own takes its "when" clause along: "you only call" + "when you need something"."""
    rest = _phrase(when[1:], bad)
    if not rest or len(rest) != len([t for t in when[1:] if t.lower_ not in _FILLER]):
        return vp
    return replace(vp, text=f"{vp.text} when {_render(rest)}", wish="", weight=vp.weight + _content(rest))


def _cue_situations(doc: MessageDoc, label: str, nouns: list[str]) -> list[Situation]:
    """The label's cues the message matches, each with what the message is about (if it says),
    weighted by how many of the message's words their frame gives back."""
    tokens = list(doc.spacy_doc)
    where = _positions(tokens)
    idioms = _idiom_positions(tokens)  # "right now" is no claim to be right
    said = {t.lower_ for t in tokens if t.lower_ not in _FUNCTION}
    found = []
    for cue in wording().cues[label]:
        said_as = next((w for w in (_find(run, tokens, where, idioms) for run in cue.words) if w), None)
        if said_as is None:
            continue
        about = next((n for n in nouns if n.split()[0] not in ("this", "that", "these", "those")
                      and not any(" ".join(run) in n.lower() for run in cue.words)), "")
        situation = Situation("cue", about, frames=cue.frames, cue=said_as)
        frame = usable(cue.frames, situation)[0]
        echo = len(said & {w.strip(".,;:?!").lower() for w in fill(frame, situation, "").split()})
        found.append(replace(situation, weight=echo))
    return found


def situations(doc: MessageDoc, label: str) -> list[Situation]:
    """What the message is about, best first, in the kinds and order the label's wording asks for.

    A verb phrase, a clause and the sender's own I-statement all say what happened, so
    between them the fuller one goes first. Empty when nothing usable is left (the message is only an insult or a brush-off).
    """
    if doc.spacy_doc is None:
        return []
    words = wording()
    order = words.order[label]
    bad = _bad_tokens(doc, label)
    clauses = _clauses(doc)
    nouns = _nouns(doc, clauses, bad, topical=label == "contempt")
    found = [s for s in _events(clauses, bad, label) if s.kind in order]
    if "cue" in order:
        found += _cue_situations(doc, label, nouns)
    if "np" in order:
        found += [Situation("np", text) for text in nouns]
    praise = _praise(doc, bad) if label in ("contempt", "criticism") else ""
    if praise:
        found = [replace(s, praise=praise) if s.kind != "cue" else s for s in found]
    rank = {kind: order.index(kind) for kind in order}
    happened = [kind for kind in ("vp", "clause", "own") if kind in rank]
    for kind in happened:  # all say what happened: the fuller goes first
        rank[kind] = min(rank[k] for k in happened)
    return sorted(found, key=lambda s: (rank[s.kind], -s.weight))


# ---------------------------------------------------------------- filling a frame

def fill(frame: str, situation: Situation, feeling: str) -> str:
    core = frame.format(
        vp=situation.text, clause=situation.text, np=situation.text, own=situation.text,
        ask=situation.ask, wish=situation.wish, praise=situation.praise, cue=situation.cue,
        feel="felt" if situation.past else "feel", feeling=feeling,
    ).replace("you are ", "you're ")
    return core[0].upper() + core[1:]


def usable(frames: Sequence[str], situation: Situation) -> list[str]:
    """The frames this situation can fill, best first: those that also say what a cue is
    about or what sarcasm praised (when the message has that to say), then the rest in order."""
    have = {"feeling", "feel", "cue"}
    have |= {"vp", "clause", "np", "own"} if situation.text else set()
    have |= {"ask"} if situation.ask else set()
    have |= {"wish"} if situation.wish else set()
    have |= {"praise"} if situation.praise else set()
    extras = {"praise"} | ({"np"} if situation.kind == "cue" else set())
    usable = [f for f in frames if placeholders(f) <= have]
    return sorted(usable, key=lambda f: -len(placeholders(f) & extras))
