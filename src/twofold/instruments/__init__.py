"""Assessments: instrument definitions as data files, exact scoring and reliable change.

Pure Python (no Django). Entry points:

- `list_instruments()`, `get_instrument(id)`, `load_definition(path)`,
  `import_item_wording(path)` for licensed keys;
- `score(instrument, answers)` -> `Result`. Rounding rule: means are computed in
  Decimal and rounded ROUND_HALF_UP to 2 places; sums are exact; prorated sums are
  rounded like means (details in `twofold.instruments.scoring`);
- `reliable_change_index`, `clinical_cutoffs`, `classify_change` (Jacobson-Truax);
- `relief_guide(my_pattern, partner_pattern)`.
"""

from twofold.instruments.change import (
    ChangeResult,
    Cutoffs,
    classify_change,
    clinical_cutoffs,
    reliable_change_index,
)
from twofold.instruments.errors import (
    AnswerError,
    InstrumentError,
    InvalidDefinitionError,
    MissingAnswersError,
    NonNumericAnswerError,
    OutOfRangeError,
    UnknownInstrumentError,
    UnknownItemError,
)
from twofold.instruments.registry import (
    get_instrument,
    import_item_wording,
    list_instruments,
    load_definition,
)
from twofold.instruments.relief_guide import DoDont, ReliefGuide, relief_guide
from twofold.instruments.result import Result, SubscaleScore
from twofold.instruments.rules import LEANING_IN, LEANING_OUT, MIXED, PATTERNS, STANCES
from twofold.instruments.schema import Instrument
from twofold.instruments.scoring import item_score, round2, score

__all__ = [
    "LEANING_IN",
    "LEANING_OUT",
    "MIXED",
    "PATTERNS",
    "STANCES",
    "AnswerError",
    "ChangeResult",
    "Cutoffs",
    "DoDont",
    "Instrument",
    "InstrumentError",
    "InvalidDefinitionError",
    "MissingAnswersError",
    "NonNumericAnswerError",
    "OutOfRangeError",
    "ReliefGuide",
    "Result",
    "SubscaleScore",
    "UnknownInstrumentError",
    "UnknownItemError",
    "classify_change",
    "clinical_cutoffs",
    "get_instrument",
    "import_item_wording",
    "item_score",
    "list_instruments",
    "load_definition",
    "relief_guide",
    "reliable_change_index",
    "round2",
    "score",
]
