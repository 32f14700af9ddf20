"""Normalisation and the language check (both cheap, both pure).

Normalisation is length-preserving (one character in, one out), so character
spans found on the normalised text point at the same characters in the original.
"""

from __future__ import annotations

import re
import unicodedata

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201f": '"',
        "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ",
    }
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*", re.UNICODE)  # a word, with its apostrophes ("don't")

# Frequent English function words; and frequent function words of languages
# often written with the Latin alphabet (a cheap "is this English?" signal).
_ENGLISH = frozenset(
    "i you he she we they it me my your our the a an and but or so to of in on at for with is are was were be been am "
    "do does did not no this that what when why how just have has had will would can could should there here "
    "all about if then than too very really again always never ever don't can't it's i'm you're im dont cant "
    "u ur ok okay yes yeah lol him her them us his their who".split()
)
_FOREIGN = frozenset(
    "de la le les el los las que y en un una es est et je tu il nous vous ne pas des du con por para pero "
    "como muy yo mi te se lo der die das und ist nicht ich du er sie wir mit auf zu ein eine och det att jag "
    "och är inte het een ik je niet che non sono il di è per ma não eu você com uma hola gracias ciao grazie merci "
    "bonjour danke obrigado quiero hablar ahora mismo contigo eres estoy tengo nunca siempre todo hacer puedo "
    "bien esta està sei sempre niente voglio adesso jamais toujours rien veux parler maintenant avec nie immer "
    "jetzt nichts dich mich habe".split()
)


def normalise(text: str) -> str:
    """Canonical quotes, dashes and spaces; same length as ``text``."""
    return text.translate(_TRANSLATE)


def is_probably_english(text: str) -> bool:
    """A cheap heuristic on :func:`normalise`'d text (straight apostrophes): mostly Latin letters and
    more English than foreign function words."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    ascii_share = sum(1 for c in letters if c.isascii()) / len(letters)
    if ascii_share < 0.8:
        return False
    words = [w.lower() for w in _WORD.findall(unicodedata.normalize("NFC", text))]
    english = sum(1 for w in words if w in _ENGLISH)
    foreign = sum(1 for w in words if w in _FOREIGN and w not in _ENGLISH)
    if foreign == 0:  # Latin letters and nothing foreign: terse English ("Come home right now.")
        return True
    return english > foreign and (len(words) < 4 or english / len(words) >= 0.1)
