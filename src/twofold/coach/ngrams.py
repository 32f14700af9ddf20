"""Word and character n-gram features for the coach's heads.

MiniLM vectors carry the meaning of a message but blur its surface: "you
*always*", a sarcastic emoji, a missing apostrophe. Tf-idf weights over word
uni- and bigrams and character 2- to 5-grams inside words keep those cues. Each
block (words, characters) is scaled to unit length, like the MiniLM vector, so
the three blocks weigh alike in the heads. Terms, their idf and the heads'
weights for them are learned by :mod:`twofold.coach.train` and stored in
``model/heads.npz``; this module only turns text into (column, value) pairs, the
same way at training and at analysis time, with numpy alone.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

#: A word (letters, digits, apostrophes inside) or any other single non-space character (punctuation, emoji).
_TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]")
CHAR_SIZES = range(2, 6)
WORD = "w "
CHAR = "c "


def word_terms(text: str) -> list[str]:
    tokens = _TOKEN.findall(text.lower().replace("\u2019", "'"))
    terms = [WORD + t for t in tokens]
    terms += [f"{WORD}{a} {b}" for a, b in zip(tokens, tokens[1:])]
    return terms


def char_terms(text: str) -> list[str]:
    terms = []
    for word in text.lower().replace("\u2019", "'").split():
        padded = f" {word} "
        for size in CHAR_SIZES:
            if size > len(padded):
                break
            terms += [CHAR + padded[i : i + size] for i in range(len(padded) - size + 1)]
    return terms


def terms(text: str) -> list[str]:
    return word_terms(text) + char_terms(text)


@dataclass(frozen=True)
class NgramSpace:
    """The learned terms (column order) and their smoothed idf."""

    columns: dict[str, int]
    idf: np.ndarray  # (number of terms,)

    @classmethod
    def learn(cls, texts: Sequence[str], min_count: int = 2) -> "NgramSpace":
        """Terms found in at least ``min_count`` texts; idf = ln((1 + n) / (1 + df)) + 1."""
        df: Counter[str] = Counter()
        for text in texts:
            df.update(set(terms(text)))
        kept = sorted(term for term, count in df.items() if count >= min_count)
        n = len(texts)
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in kept], dtype=np.float32)
        return cls({t: i for i, t in enumerate(kept)}, idf)

    @classmethod
    def from_arrays(cls, names: Iterable[str], idf: np.ndarray) -> "NgramSpace":
        return cls({str(t): i for i, t in enumerate(names)}, np.asarray(idf, dtype=np.float32))

    def names(self) -> list[str]:
        return sorted(self.columns, key=self.columns.__getitem__)

    def __len__(self) -> int:
        return len(self.columns)

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Columns and values of one text: (1 + ln count) x idf, each block scaled to unit length."""
        columns: list[int] = []
        values: list[float] = []
        for block in (word_terms(text), char_terms(text)):
            counts = Counter(self.columns[t] for t in block if t in self.columns)
            if not counts:
                continue
            cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            vals = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))) * self.idf[cols]
            vals /= np.linalg.norm(vals)
            columns += cols.tolist()
            values += vals.tolist()
        return np.array(columns, dtype=np.int64), np.array(values, dtype=np.float32)

    def scores(self, texts: Sequence[str], weights: np.ndarray) -> np.ndarray:
        """``texts`` x ``weights`` ((terms, labels)) without building a matrix: one gather per text."""
        out = np.zeros((len(texts), weights.shape[1]), dtype=np.float32)
        for row, text in enumerate(texts):
            cols, vals = self.features(text)
            if len(cols):
                out[row] = vals @ weights[cols]
        return out

    def matrix(self, texts: Sequence[str]):
        """A scipy CSR matrix of the features (training only: scipy comes with scikit-learn)."""
        from scipy import sparse

        rows, cols, vals = [], [], []
        for row, text in enumerate(texts):
            c, v = self.features(text)
            rows += [row] * len(c)
            cols += c.tolist()
            vals += v.tolist()
        return sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), len(self)), dtype=np.float32)
