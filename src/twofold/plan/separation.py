"""The separation-logistics checklist and the couple's progress through it.

Progress is an append-only list of updates; the latest update of an item is its
status. Nothing is overwritten, so the therapist can see how the work went.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache
from pathlib import Path

from twofold.plan._data import read_toml
from twofold.plan.errors import PlanError

SECTION_KEYS = ("living", "children", "finances", "family", "communication")
MIN_ITEMS = 4


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    section: str
    text: str
    why: str


@dataclass(frozen=True)
class ChecklistSection:
    key: str
    title: str
    items: tuple[ChecklistItem, ...]


def _text(raw: dict[str, object], name: str, where: str) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.strip():
        raise PlanError(f"separation checklist: {where} needs a {name}")
    return value.strip()


def _item(raw: dict[str, object], section: str) -> ChecklistItem:
    ident = _text(raw, "id", f"an item in {section!r}")
    where = f"item {ident!r}"
    return ChecklistItem(ident, section, _text(raw, "text", where), _text(raw, "why", where))


def load_checklist(path: Path | None = None) -> tuple[ChecklistSection, ...]:
    """Load and validate the checklist (the packaged one by default)."""
    raw_sections = read_toml("separation.toml", path).get("section")
    if not isinstance(raw_sections, list):
        raise PlanError("separation checklist: expected [[section]] entries")
    sections = []
    for raw in raw_sections:
        key = _text(raw, "key", "a section")
        title = _text(raw, "title", f"section {key!r}")
        raw_items = raw.get("item", [])
        items = tuple(_item(raw_item, key) for raw_item in raw_items)
        if len(items) < MIN_ITEMS:
            raise PlanError(f"separation checklist: section {key!r} needs at least {MIN_ITEMS} items")
        sections.append(ChecklistSection(key, title, items))
    keys = [s.key for s in sections]
    if sorted(keys) != sorted(SECTION_KEYS):
        raise PlanError(f"separation checklist: sections must be exactly {', '.join(SECTION_KEYS)}")
    ids = [item.id for s in sections for item in s.items]
    if len(set(ids)) != len(ids):
        raise PlanError("separation checklist: item ids must be unique")
    return tuple(sections)


@cache
def default_checklist() -> tuple[ChecklistSection, ...]:
    return load_checklist()


class ItemStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"  # e.g. the children section for a couple without children


@dataclass(frozen=True)
class ItemUpdate:
    item_id: str
    status: ItemStatus
    at: datetime
    by: str
    note: str = ""


@dataclass(frozen=True)
class SectionProgress:
    """``fraction`` = done / applicable items (None when nothing applies)."""

    key: str
    done: int
    applicable: int
    total: int
    fraction: float | None


@dataclass(frozen=True)
class ChecklistProgress:
    checklist: tuple[ChecklistSection, ...] = field(default_factory=default_checklist)
    updates: tuple[ItemUpdate, ...] = ()

    def update(self, item_id: str, status: ItemStatus | str, *, at: datetime, by: str, note: str = ""
               ) -> ChecklistProgress:
        if item_id not in {item.id for section in self.checklist for item in section.items}:
            raise PlanError(f"there is no checklist item {item_id!r}")
        if at.tzinfo is None:
            raise PlanError("the time of an update must carry a time zone")
        if self.updates and at < self.updates[-1].at:
            raise PlanError("an update cannot be dated before the previous one")
        if len(note) > 2000:
            raise PlanError("keep the note under 2000 characters")
        entry = ItemUpdate(item_id, ItemStatus(status), at, by, note.strip())
        return replace(self, updates=(*self.updates, entry))

    def status_of(self, item_id: str) -> ItemStatus:
        for entry in reversed(self.updates):
            if entry.item_id == item_id:
                return entry.status
        return ItemStatus.NOT_STARTED

    def history_of(self, item_id: str) -> tuple[ItemUpdate, ...]:
        return tuple(entry for entry in self.updates if entry.item_id == item_id)

    def section_progress(self) -> tuple[SectionProgress, ...]:
        result = []
        for section in self.checklist:
            statuses = [self.status_of(item.id) for item in section.items]
            applicable = sum(1 for s in statuses if s is not ItemStatus.NOT_APPLICABLE)
            done = statuses.count(ItemStatus.DONE)
            result.append(SectionProgress(section.key, done, applicable, len(statuses),
                                          done / applicable if applicable else None))
        return tuple(result)
