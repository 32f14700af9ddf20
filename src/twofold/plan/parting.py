"""A collaborative parting plan: one text per section, drafted by either partner and
confirmed by both. A new draft needs both confirmations again; every draft is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from twofold.plan.errors import PlanError
from twofold.plan.separation import ChecklistSection, default_checklist

MAX_DRAFT = 10_000


@dataclass(frozen=True)
class Draft:
    version: int
    author: str
    text: str
    at: datetime


@dataclass(frozen=True)
class Confirmation:
    partner: str
    version: int
    at: datetime


@dataclass(frozen=True)
class PartingSection:
    key: str
    title: str
    drafts: tuple[Draft, ...] = ()
    confirmations: tuple[Confirmation, ...] = ()

    @property
    def current(self) -> Draft | None:
        return self.drafts[-1] if self.drafts else None

    @property
    def confirmed_by(self) -> frozenset[str]:
        """Partners who confirmed the current draft."""
        if self.current is None:
            return frozenset()
        return frozenset(c.partner for c in self.confirmations if c.version == self.current.version)


@dataclass(frozen=True)
class PartingPlan:
    partners: tuple[str, str]
    sections: tuple[PartingSection, ...]

    @classmethod
    def new(cls, partners: tuple[str, str], checklist: tuple[ChecklistSection, ...] | None = None
            ) -> PartingPlan:
        """An empty plan with one section per checklist section."""
        if len(partners) != 2 or partners[0] == partners[1]:
            raise PlanError("a parting plan is made by two different partners")
        sections = tuple(PartingSection(s.key, s.title) for s in (checklist or default_checklist()))
        return cls((partners[0], partners[1]), sections)

    def section(self, key: str) -> PartingSection:
        for section in self.sections:
            if section.key == key:
                return section
        raise PlanError(f"the parting plan has no section {key!r}")

    def _with(self, updated: PartingSection) -> PartingPlan:
        return replace(self, sections=tuple(updated if s.key == updated.key else s for s in self.sections))

    def _check(self, partner: str, at: datetime) -> None:
        if partner not in self.partners:
            raise PlanError("only the two partners can write or confirm the parting plan")
        if at.tzinfo is None:
            raise PlanError("the time must carry a time zone")

    def draft(self, key: str, author: str, text: str, at: datetime) -> PartingPlan:
        self._check(author, at)
        cleaned = text.strip()
        if not cleaned:
            raise PlanError("the draft is empty")
        if len(cleaned) > MAX_DRAFT:
            raise PlanError(f"keep a section under {MAX_DRAFT} characters")
        section = self.section(key)
        if section.current is not None and at < section.current.at:
            raise PlanError("a draft cannot be dated before the previous one")
        version = len(section.drafts) + 1
        return self._with(replace(section, drafts=(*section.drafts, Draft(version, author, cleaned, at))))

    def confirm(self, key: str, partner: str, at: datetime) -> PartingPlan:
        self._check(partner, at)
        section = self.section(key)
        if section.current is None:
            raise PlanError("there is no draft to confirm yet")
        if partner in section.confirmed_by:
            raise PlanError("you have already confirmed this draft")
        confirmation = Confirmation(partner, section.current.version, at)
        return self._with(replace(section, confirmations=(*section.confirmations, confirmation)))

    def is_agreed(self, key: str) -> bool:
        return self.section(key).confirmed_by == frozenset(self.partners)

    @property
    def open_sections(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.sections if not self.is_agreed(s.key))

    @property
    def agreed(self) -> bool:
        return not self.open_sections
