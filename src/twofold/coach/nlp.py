"""The shared tokeniser: spaCy blank English, a sentencizer and lookup lemmas.

Built lazily and cached: importing this module does not import spaCy.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

# Texting spellings mapped to the forms the rules are written in.
_NORMS = {"u": "you", "ya": "you", "youre": "you", "r": "are", "im": "i", "ive": "i", "cant": "can", "dont": "do",
          "wont": "will", "didnt": "did", "isnt": "is", "thats": "that", "whats": "what", "pls": "please", "plz": "please",
          "coz": "because", "cos": "because", "cuz": "because", "gonna": "going", "wanna": "want", "k": "k", "kk": "k"}


# spaCy's contraction exceptions give "did" (didn't) and "had" (hadn't) the present tense as their
# norm; the rules are written in the words as typed ("i did not", "i had no").
_SURFACE_NORMS = frozenset({"did", "had"})
# After these words "'s" is "is" ("it's", "that's", "what's"); elsewhere it is a possessive ("John's") and
# stays "'s" (the lookup table would make every "'s" "have").
_IS_AFTER = frozenset(
    "it that what there here he she who where how this everything nothing something someone everyone "
    "anyone anything nobody somebody everybody why when".split()
)
# Lookup-table lemmas that are wrong in this domain ("does" is not the plural of "doe") or
# contraction pieces left unlemmatised ("ca" in can't, "wo" in won't).
_LEMMAS = {"does": "do", "ca": "can", "wo": "will", "'re": "be", "'ve": "have", "'ll": "will"}


@lru_cache(maxsize=1)
def english() -> "Language":
    """The cached spaCy pipeline (tokeniser, sentencizer, lookup lemmatizer), with the
    contractions also split when shouted ("DIDN'T" like "didn't")."""
    import spacy
    from spacy.attrs import ORTH

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    rules = nlp.tokenizer.rules
    for text, pieces in list(rules.items()):
        shouted = text.upper()
        if "'" in text and shouted != text and shouted not in rules:
            nlp.tokenizer.add_special_case(shouted, [{**piece, ORTH: piece[ORTH].upper()} for piece in pieces])
    return nlp


@lru_cache(maxsize=1)
def _lemma_table() -> dict[str, str]:
    table = english().get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    return table


def tokenise(text: str) -> "Doc":
    """Tokenise with sentence boundaries, lower-case lookup lemmas and texting norms (``u`` -> ``you``).

    The lemmatizer's lookup is done here, in the same pass that sets the norms: a token's
    lemma is its table entry, or, when it has none, the entry for its lower-case form.
    """
    nlp = english()
    doc = nlp.get_pipe("sentencizer")(nlp.make_doc(text))
    table = _lemma_table()
    previous, attached = "", False
    for token in doc:
        lower = token.lower_
        if lower == "'s" and token.norm_ == "'s":  # not "let's", whose norm is "us"
            token.norm_, token.lemma_ = ("is", "be") if previous in _IS_AFTER else ("'s", "'s")
        elif lower == "s" and attached and previous in _IS_AFTER:  # texting: "thats", "whats", "hes"
            token.norm_, token.lemma_ = "is", "be"
        else:
            _read(token, lower, table)
        previous, attached = lower, not token.whitespace_
    return doc


def _read(token: "Token", lower: str, table: dict[str, str]) -> None:
    """Set one token's norm and lemma."""
    norm = _NORMS.get(lower) or (lower if lower in _SURFACE_NORMS else None)
    if norm is not None:
        token.norm_ = norm
    text = token.text
    lemma = _LEMMAS.get(lower) or table.get(text, text)
    if lemma == text and lower != text:
        lemma = table.get(lower, lower)
    token.lemma_ = lemma.lower()
