"""The shared tokeniser: spaCy blank English, a sentencizer and lookup lemmas.

Built lazily and cached: importing this module does not import spaCy.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Texting spellings mapped to the forms the rules are written in.
_NORMS = {"u": "you", "ya": "you", "youre": "you", "r": "are", "im": "i", "ive": "i", "cant": "can", "dont": "do",
          "wont": "will", "didnt": "did", "isnt": "is", "thats": "that", "whats": "what", "pls": "please", "plz": "please",
          "coz": "because", "cos": "because", "cuz": "because", "gonna": "going", "wanna": "want", "k": "k", "kk": "k"}


@lru_cache(maxsize=1)
def english() -> "Language":
    """The cached spaCy pipeline (tokeniser, sentencizer, lookup lemmatizer)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
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
    for token in doc:
        text_ = token.text
        lower = token.lower_
        norm = _NORMS.get(lower)
        if norm is not None:
            token.norm_ = norm
        lemma = table.get(text_, text_)
        if lemma == text_ and lower != text_:
            lemma = table.get(lower, lower)
        token.lemma_ = lemma.lower()
    return doc
