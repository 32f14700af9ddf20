"""Pydantic schema of an instrument definition file (strict: no silent coercion).

A definition is data: items, response scale, subscales, total, bands, rules and
sharing defaults. Checks that span several fields (an item naming an unknown
subscale, gaps in item numbers, ...) are collected into `DefinitionProblems`
so that the loader can report every one of them with its field path.
"""

from __future__ import annotations

from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

T = TypeVar("T")


def _list_to_tuple(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


Seq = Annotated[tuple[T, ...], BeforeValidator(_list_to_tuple)]
Text = Annotated[str, Field(min_length=1)]
Visibility = Literal["private", "couple", "couple_and_therapist"]
Method = Literal["mean", "sum"]


class DefinitionProblems(ValueError):
    """Cross-field problems, keyed by dotted field path."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))


class _Model(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")


def _raise_if(problems: dict[str, str]) -> None:
    if problems:
        raise DefinitionProblems(problems)


class ResponseScale(_Model):
    """Whole-number points from `min` to `max`, one label per point."""

    min: int
    max: int
    labels: Seq[Text]

    @model_validator(mode="after")
    def _check(self) -> ResponseScale:
        problems = {}
        if self.max <= self.min:
            problems["max"] = f"must be greater than min ({self.min})"
        elif len(self.labels) != self.max - self.min + 1:
            problems["labels"] = (
                f"needs one label per point: {self.max - self.min + 1} labels for "
                f"{self.min}..{self.max}, got {len(self.labels)}"
            )
        _raise_if(problems)
        return self

    def label(self, value: int) -> str:
        return self.labels[value - self.min]


class Item(_Model):
    """One question. `scale` items score their point value (reversed: min + max - x),
    `yes_no` items score 1 for yes and 0 for no, `text` items are never scored."""

    number: Annotated[int, Field(ge=1)]
    type: Literal["scale", "yes_no", "text"] = "scale"
    text: Text | None = None
    subscale: str | None = None
    reverse: bool = False
    section: str | None = None
    scale: ResponseScale | None = None

    @model_validator(mode="after")
    def _check(self) -> Item:
        problems = {}
        if self.type != "scale":
            if self.reverse:
                problems["reverse"] = f"only scale items can be reverse-keyed, not {self.type}"
            if self.scale is not None:
                problems["scale"] = f"only scale items have a response scale, not {self.type}"
        if self.type == "text" and self.subscale is not None:
            problems["subscale"] = "text items are not scored and cannot belong to a subscale"
        _raise_if(problems)
        return self

    @property
    def scored(self) -> bool:
        return self.type != "text"


class Band(_Model):
    """A range of scores with a plain-language reading.

    Bands are listed from low to high. Each band but the last closes with either
    `below` (score < value) or `up_to` (score <= value); the last has no bound.
    """

    label: Text
    interpretation: Text
    below: float | None = None
    up_to: float | None = None

    @model_validator(mode="after")
    def _check(self) -> Band:
        if self.below is not None and self.up_to is not None:
            raise DefinitionProblems({"up_to": "give either below or up_to, not both"})
        return self

    @property
    def bound(self) -> float | None:
        return self.below if self.below is not None else self.up_to

    def admits(self, score: float) -> bool:
        """True when `score` is within this band's upper bound."""
        if self.below is not None:
            return score < self.below
        return self.up_to is None or score <= self.up_to


class _Scored(_Model):
    method: Method
    bands: Seq[Band] = ()

    @model_validator(mode="after")
    def _check_bands(self) -> _Scored:
        problems = {}
        *closed, last = self.bands or (None,)
        for i, band in enumerate(closed):
            if band.bound is None:
                problems[f"bands.{i}"] = "every band but the last needs below or up_to"
        if last is not None and last.bound is not None:
            problems[f"bands.{len(self.bands) - 1}"] = "the last band is open-ended: remove below/up_to"
        bounds = [b.bound for b in closed if b.bound is not None]
        if any(lo >= hi for lo, hi in zip(bounds, bounds[1:])):
            problems["bands"] = f"bounds must increase strictly, got {bounds}"
        _raise_if(problems)
        return self

    def band_for(self, score: float) -> Band | None:
        return next((b for b in self.bands if b.admits(score)), None)


class Subscale(_Scored):
    id: Text
    title: Text
    description: str = ""


class Total(_Scored):
    title: Text = "Total"


class Section(_Model):
    """One page of a one-page-per-section form."""

    id: Text
    title: Text
    intro: str = ""


class Prorating(_Model):
    """Score partial answers if at least `min_share` of each scored group is answered."""

    min_share: Annotated[float, Field(gt=0, le=1)]


class ChangeSettings(_Model):
    """Numbers for Jacobson-Truax reliable change on one score of this instrument."""

    target: Text  # "total" or a subscale id
    sd: Annotated[float, Field(gt=0)]
    reliability: Annotated[float, Field(ge=0, lt=1)]
    cutoff: float
    higher_is_better: bool = True
    provisional: bool
    note: str = ""


class AttachmentRule(_Model):
    """Closest pattern from two subscale means: a score above `boundary` is high,
    a score exactly on it (or under) is low."""

    kind: Literal["attachment"]
    anxiety: Text
    avoidance: Text
    boundary: float


class CommitmentRule(_Model):
    """Stance from steps toward leaving (a yes count) and hope and motivation means.

    leaning in: steps <= steps_in_max and hope >= high and motivation >= high;
    leaning out: motivation <= low and (steps >= steps_out_min or hope <= low);
    mixed: anything else.
    """

    kind: Literal["commitment"]
    steps: Text
    hope: Text
    motivation: Text
    steps_in_max: Annotated[int, Field(ge=0)]
    steps_out_min: Annotated[int, Field(ge=1)]
    high: float
    low: float


class SafetyRule(_Model):
    """Positive when any critical item is above the scale minimum ('never'),
    or when the total is above `total_above`."""

    kind: Literal["safety"]
    critical_items: Seq[int]
    total_above: Annotated[int, Field(ge=0)]


Rule = Annotated[AttachmentRule | CommitmentRule | SafetyRule, Field(discriminator="kind")]


class Instrument(_Model):
    """A validated instrument definition."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    version: Text
    title: Text
    description: Text
    source: str = ""
    scale: ResponseScale | None = None
    items: Seq[Item]
    sections: Seq[Section] = ()
    subscales: Seq[Subscale] = ()
    total: Total | None = None
    visibility: Visibility
    therapist_flag_only: bool = False
    prorate: Prorating | None = None
    licensed_items: bool = False
    rule: Rule | None = None
    change: ChangeSettings | None = None

    @model_validator(mode="after")
    def _check(self) -> Instrument:
        problems: dict[str, str] = {}
        self._check_items(problems)
        self._check_groups(problems)
        if "items" not in problems:
            self._check_rule(problems)
        self._check_visibility(problems)
        _raise_if(problems)
        return self

    def _check_items(self, problems: dict[str, str]) -> None:
        numbers = [item.number for item in self.items]
        if numbers != list(range(1, len(numbers) + 1)):
            problems["items"] = f"item numbers must run 1..{len(numbers)} in order, got {numbers}"
        section_ids = [s.id for s in self.sections]
        if len(set(section_ids)) != len(section_ids):
            problems["sections"] = "section ids must be unique"
        for i, item in enumerate(self.items):
            where = f"items.{i}"
            if not self.licensed_items and item.text is None:
                problems[f"{where}.text"] = "item wording is required"
            if item.type == "scale" and item.scale is None and self.scale is None:
                problems[f"{where}.scale"] = "no response scale: set one here or at the top level"
            if self.sections and item.section not in section_ids:
                problems[f"{where}.section"] = f"must be one of the sections {section_ids}"
            if not self.sections and item.section is not None:
                problems[f"{where}.section"] = "no sections are declared"

    def _check_groups(self, problems: dict[str, str]) -> None:
        ids = [s.id for s in self.subscales]
        if len(set(ids)) != len(ids) or "total" in ids:
            problems["subscales"] = "subscale ids must be unique and not 'total'"
        for i, item in enumerate(self.items):
            if item.subscale is not None and item.subscale not in ids:
                problems[f"items.{i}.subscale"] = f"{item.subscale!r} is not a declared subscale"
        for i, sub in enumerate(self.subscales):
            if not self.subscale_items(sub.id):
                problems[f"subscales.{i}"] = f"subscale {sub.id!r} has no items"
        if self.total is None and not self.subscales and any(item.scored for item in self.items):
            problems["total"] = "scored items need a total or subscales"
        if self.change is not None and self.change.target != "total" and self.change.target not in ids:
            problems["change.target"] = f"must be 'total' or a subscale id, got {self.change.target!r}"
        if self.change is not None and self.change.target == "total" and self.total is None:
            problems["change.target"] = "the instrument has no total"

    def _check_rule(self, problems: dict[str, str]) -> None:
        rule = self.rule
        ids = {s.id for s in self.subscales}
        if isinstance(rule, AttachmentRule | CommitmentRule):
            names = ("anxiety", "avoidance") if isinstance(rule, AttachmentRule) else ("steps", "hope", "motivation")
            for name in names:
                if getattr(rule, name) not in ids:
                    problems[f"rule.{name}"] = f"{getattr(rule, name)!r} is not a declared subscale"
        if isinstance(rule, SafetyRule):
            unknown = sorted(set(rule.critical_items) - {item.number for item in self.items})
            if unknown:
                problems["rule.critical_items"] = f"unknown items {unknown}"
            elif any(self.item(n).type != "scale" or self.item(n).reverse for n in rule.critical_items):
                problems["rule.critical_items"] = "critical items must be scale items that are not reverse-keyed"
            if self.prorate is not None:
                problems["prorate"] = "a safety screen needs every answer: remove prorate"
            if self.total is None:
                problems["total"] = "the safety rule needs a total"

    def _check_visibility(self, problems: dict[str, str]) -> None:
        if isinstance(self.rule, SafetyRule) and not self.therapist_flag_only:
            problems["therapist_flag_only"] = "a safety screen must set therapist_flag_only = true"
        if self.therapist_flag_only and self.visibility != "private":
            problems["visibility"] = "therapist_flag_only results must be private"

    # -- lookups ---------------------------------------------------------------

    @property
    def has_wording(self) -> bool:
        return all(item.text is not None for item in self.items)

    def item(self, number: int) -> Item:
        return self.items[number - 1]

    def scale_for(self, item: Item) -> ResponseScale:
        """The response scale of a scale item (its own, else the instrument's)."""
        scale = item.scale or self.scale
        if scale is None:  # excluded by validation
            raise ValueError(f"item {item.number} has no scale")
        return scale

    def subscale_items(self, subscale_id: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.subscale == subscale_id)

    def scored_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.scored)

    def section_items(self, section_id: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.section == section_id)
