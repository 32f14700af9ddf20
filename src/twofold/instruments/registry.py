"""Load and validate instrument files; the built-in definitions are read lazily, once."""

from __future__ import annotations

import json
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from twofold.instruments.errors import InvalidDefinitionError, UnknownInstrumentError
from twofold.instruments.schema import DefinitionProblems, Instrument, Text

FILE_LEVEL = "(file)"
M = TypeVar("M", bound=BaseModel)


def load_definition(path: Path | str) -> Instrument:
    """Read and validate one instrument file (TOML), whose name must be `<id>.toml`."""
    path = Path(path)
    instrument = _validate(Instrument, _read(path), path)
    if instrument.id != path.stem:
        raise InvalidDefinitionError(path, {"id": f"{instrument.id!r} must match the file name {path.name!r}"})
    if instrument.licensed_items and any(item.text for item in instrument.items):
        raise InvalidDefinitionError(path, {"items": "licensed instruments ship without item wording"})
    return instrument


@cache
def _builtin() -> dict[str, Instrument]:
    folder = resources.files("twofold.instruments") / "definitions"
    found = (load_definition(Path(str(entry))) for entry in folder.iterdir() if entry.name.endswith(".toml"))
    return {instrument.id: instrument for instrument in sorted(found, key=lambda i: i.id)}


def list_instruments() -> tuple[Instrument, ...]:
    """All built-in instruments, sorted by id."""
    return tuple(_builtin().values())


def get_instrument(instrument_id: str) -> Instrument:
    """The built-in instrument with this id (raises `UnknownInstrumentError`)."""
    try:
        return _builtin()[instrument_id]
    except KeyError:
        raise UnknownInstrumentError(instrument_id, tuple(_builtin())) from None


class _WordingFile(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")

    instrument: Text
    version: Text
    items: dict[str, Text]


def import_item_wording(path: Path | str) -> Instrument:
    """Attach clinic-supplied item wording (TOML or JSON) to a licensed built-in key.

    The file names the instrument id and version and maps every item number to its
    text: ``{"instrument": "ecr-r", "version": "...", "items": {"1": "...", ...}}``.
    All items must be present and no others. Returns a new `Instrument`.
    """
    path = Path(path)
    wording = _validate(_WordingFile, _read(path), path)
    try:
        key = get_instrument(wording.instrument)
    except UnknownInstrumentError as error:
        raise InvalidDefinitionError(path, {"instrument": str(error)}) from None
    problems: dict[str, str] = {}
    if not key.licensed_items:
        problems["instrument"] = f"{key.id} ships its own wording; only licensed keys take an item file"
    if wording.version != key.version:
        problems["version"] = f"the key is version {key.version!r}, the file is for {wording.version!r}"
    expected = {str(item.number) for item in key.items}
    for number in sorted(set(wording.items) - expected, key=_natural):
        problems[f"items.{number}"] = f"{key.id} has no item {number} (items are 1-{len(key.items)})"
    for number in sorted(expected - set(wording.items), key=int):
        problems[f"items.{number}"] = "missing wording"
    if problems:
        raise InvalidDefinitionError(path, problems)
    items = [item.model_copy(update={"text": wording.items[str(item.number)]}) for item in key.items]
    return key.model_copy(update={"items": tuple(items)})


def _natural(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (10**9, key)


def _read(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidDefinitionError(path, {FILE_LEVEL: f"cannot read: {error.strerror or error}"}) from None
    try:
        if path.suffix == ".json":
            return json.loads(raw)
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        kind = "JSON" if path.suffix == ".json" else "TOML"
        raise InvalidDefinitionError(path, {FILE_LEVEL: f"not valid {kind}: {error}"}) from None


def _validate(model: type[M], data: Any, path: Path) -> M:
    if not isinstance(data, dict):
        raise InvalidDefinitionError(path, {FILE_LEVEL: "expected a table of fields at the top level"})
    try:
        return model.model_validate(data, strict=True)
    except ValidationError as error:
        raise InvalidDefinitionError(path, _problems(error)) from None


def _problems(error: ValidationError) -> dict[str, str]:
    problems: dict[str, str] = {}
    for detail in error.errors():
        where = ".".join(str(part) for part in detail["loc"])
        cause = detail.get("ctx", {}).get("error")
        if isinstance(cause, DefinitionProblems):
            for field, message in cause.problems.items():
                problems[f"{where}.{field}" if where else field] = message
        else:
            problems[where or FILE_LEVEL] = detail["msg"]
    return problems
