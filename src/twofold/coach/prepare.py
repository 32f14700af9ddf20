"""The first two components: normalise (plus the language check) and tokenise."""

from __future__ import annotations

from twofold.coach.doc import MessageDoc
from twofold.coach.nlp import tokenise
from twofold.coach.normalise import is_probably_english, normalise

#: Sentences are grouped into chunks of about this many characters for the model.
CHUNK_CHARS = 300
UNSUPPORTED_NOTE = "This looks like a language other than English; the coach only understands English for now, so it shows no labels."


class Normaliser:
    name = "coach.normalise.v1"
    version = "1"
    requires: tuple[str, ...] = ()

    def pipe(self, docs: list[MessageDoc]) -> None:
        for doc in docs:
            doc.norm = normalise(doc.text)
            if not is_probably_english(doc.norm):
                doc.language_supported = False
                doc.language_note = UNSUPPORTED_NOTE


class Tokeniser:
    """spaCy blank English, sentence boundaries, lookup lemmas; also model chunks."""

    name = "coach.tokenise.v1"
    version = "1"
    requires: tuple[str, ...] = ("coach.normalise.v1",)

    def pipe(self, docs: list[MessageDoc]) -> None:
        for doc in docs:
            if not doc.analysable:
                continue
            sdoc = tokenise(doc.norm)
            doc.spacy_doc = sdoc
            doc.sentences = [(s.start_char, s.end_char) for s in sdoc.sents] or [(0, len(doc.norm))]
            doc.chunks = _chunks(doc.sentences)


def _chunks(sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    chunks: list[tuple[int, int]] = []
    for start, end in sentences:
        if chunks and end - chunks[-1][0] <= CHUNK_CHARS:
            chunks[-1] = (chunks[-1][0], end)
        else:
            chunks.append((start, end))
    return chunks
