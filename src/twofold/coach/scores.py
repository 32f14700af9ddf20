"""Scores: ``relief_score`` and ``flooding``; and the safety override.

relief_score (0-100, integer)::

    50
    + sum of helpful weights   (reassurance 20, validation 15, responsibility 12,
                                repair 12, appreciation 12, i_statement 10,
                                curiosity 10, naming_block 8)
    - sum of harmful weights   (contempt 30, control 25, criticism 20,
                                stonewalling 20, invalidation 20, defensiveness 15)
    + 10 if the first sentence carries reassurance, validation, appreciation or
         repair and no harmful label (the message *leads* with relief)
    - 10 if the message is flooded
    clamped to 0..100. Each label counts once, however often it appears.
    A message with crisis or abuse_risk scores 0: safety comes before relief.

flooding is true when the message has two or more harmful labels, or one harmful
label and an intensity marker, or two intensity markers. Intensity markers:
shouting (a word of three or more capitals that is not a known acronym, or over
half the letters in capitals), repeated ``!``/``?``, and profanity.
"""

from __future__ import annotations

import re

from twofold.coach.doc import MessageDoc
from twofold.coach.labels import HARMFUL, RELIEF, SAFETY
from twofold.safety import resources_for

WEIGHTS: dict[str, int] = {
    "reassurance": 20, "validation": 15, "responsibility": 12, "repair": 12, "appreciation": 12,
    "i_statement": 10, "curiosity": 10, "naming_block": 8,
    "contempt": -30, "control": -25, "criticism": -20, "stonewalling": -20, "invalidation": -20, "defensiveness": -15,
}
LEAD_BONUS = 10
FLOODING_PENALTY = 10

_SHOUT = re.compile(r"\b[A-Z]{3,}\b")
_ACRONYMS = frozenset({"OK", "LOL", "OMG", "BTW", "ASAP", "TV", "USA", "UK", "NHS", "GP", "ATM", "PIN", "ID", "FYI", "DIY", "BBQ", "IKEA", "PDF"})
_REPEATED = re.compile(r"[!?]{2,}")
_PROFANITY = re.compile(r"\b(f+u+c+k\w*|shit\w*|bullshit|damn\w*|crap\w*|wtf|ffs|bitch\w*|asshole\w*|arsehole\w*|dick|prick|twat|bastard\w*|piss\w*|goddamn\w*|fk|fkn|effing)\b", re.IGNORECASE)


def intensity_markers(text: str) -> int:
    """How many kinds of intensity the text shows (0-3)."""
    letters = [c for c in text if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    shouting = any(w not in _ACRONYMS for w in _SHOUT.findall(text)) or (len(letters) >= 8 and upper / len(letters) > 0.5)
    return int(shouting) + int(bool(_REPEATED.search(text))) + int(bool(_PROFANITY.search(text)))


def relief_score(labels: list[str] | tuple[str, ...], leads_with_relief: bool, flooding: bool) -> int:
    if any(label in SAFETY for label in labels):
        return 0
    score = 50 + sum(WEIGHTS.get(label, 0) for label in set(labels))
    score += LEAD_BONUS if leads_with_relief else 0
    score -= FLOODING_PENALTY if flooding else 0
    return max(0, min(100, score))


def is_flooding(labels: list[str] | tuple[str, ...], text: str) -> bool:
    harmful = sum(1 for label in set(labels) if label in HARMFUL)
    markers = intensity_markers(text)
    return harmful >= 2 or (harmful >= 1 and markers >= 1) or markers >= 2


class Scorer:
    name = "coach.scores.v1"
    version = "1"
    requires: tuple[str, ...] = ()

    def __init__(self, locale: str = "en-US") -> None:
        self.locale = locale

    def pipe(self, docs: list[MessageDoc]) -> None:
        for doc in docs:
            if not doc.analysable:
                continue
            first_end = doc.sentences[0][1] if doc.sentences else len(doc.text)
            first = {f.label for f in doc.findings if f.start < first_end}
            leads = bool(first & RELIEF) and not any(label in HARMFUL for label in first)
            doc.flooding = is_flooding(doc.labels, doc.text)
            doc.relief_score = relief_score(doc.labels, leads, doc.flooding)
            doc.safety = resources_for([*doc.labels, *doc.extra.get("possible_safety", ())], self.locale)
