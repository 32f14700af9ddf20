"""Which instruments people can take, and their pages (one per section).

Published keys (`licensed_items`) ship without wording: they are offered on the
web only when a clinic has placed its licensed wording file at
``<TWOFOLD_ITEM_WORDING_DIR>/<id>.toml`` (or ``.json``); the folder defaults to
``<data dir>/instruments``. The API can score them by item number regardless.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from twofold.instruments import (
    Instrument,
    InvalidDefinitionError,
    UnknownInstrumentError,
    get_instrument,
    import_item_wording,
    list_instruments,
)
from twofold.instruments.schema import Item

log = logging.getLogger(__name__)
WHOLE_FORM = "all"


@dataclass(frozen=True)
class Page:
    """One page of a sitting: a section of the instrument (or all of it when it has none)."""

    number: int  # 1-based
    id: str
    title: str
    intro: str
    items: tuple[Item, ...]

    @property
    def item_numbers(self) -> frozenset[int]:
        return frozenset(item.number for item in self.items)


def wording_dir() -> Path:
    configured = getattr(settings, "TWOFOLD_ITEM_WORDING_DIR", None)
    return Path(configured) if configured else Path(settings.TWOFOLD.data_dir) / "instruments"


def _with_licensed_wording(instrument: Instrument) -> Instrument:
    """The instrument with clinic-supplied wording when a valid file exists, else unchanged."""
    for suffix in (".toml", ".json"):
        path = wording_dir() / f"{instrument.id}{suffix}"
        if path.is_file():
            try:
                worded = import_item_wording(path)
            except InvalidDefinitionError as error:
                log.warning("ignoring licensed wording file: %s", error)
                return instrument
            return worded if worded.id == instrument.id else instrument
    return instrument


def instrument(instrument_id: str) -> Instrument:
    """The instrument with wording where available; raises `UnknownInstrumentError`."""
    found = get_instrument(instrument_id)
    return _with_licensed_wording(found) if found.licensed_items else found


def for_people() -> tuple[Instrument, ...]:
    """Instruments a person can answer on a page: every one with item wording."""
    return tuple(i for i in (instrument(x.id) for x in list_instruments()) if i.has_wording)


def for_people_by_id(instrument_id: str) -> Instrument:
    """Like `instrument`, but a key without wording is unknown to the web pages."""
    found = instrument(instrument_id)
    if not found.has_wording:
        raise UnknownInstrumentError(instrument_id, tuple(i.id for i in for_people()))
    return found


def flag_only_ids() -> frozenset[str]:
    """Instruments whose results stay private and reach a therapist only as a flag (the safety screen)."""
    return frozenset(i.id for i in list_instruments() if i.therapist_flag_only)


def pages(instrument: Instrument) -> tuple[Page, ...]:
    if not instrument.sections:
        return (Page(1, WHOLE_FORM, instrument.title, "", instrument.items),)
    return tuple(
        Page(n, s.id, s.title, s.intro, instrument.section_items(s.id)) for n, s in enumerate(instrument.sections, 1)
    )


def page(instrument: Instrument, section_id: str) -> Page:
    for candidate in pages(instrument):
        if candidate.id == section_id:
            return candidate
    raise LookupError(f"{instrument.id} has no section {section_id!r}")


def required(instrument: Instrument, item: Item) -> bool:
    """Scored items must be answered on the page unless the instrument may prorate; text is optional."""
    return item.scored and instrument.prorate is None
