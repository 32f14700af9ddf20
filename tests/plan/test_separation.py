"""The separation-logistics checklist, progress through it, and the parting plan."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from twofold.plan import ChecklistProgress, ItemStatus, PartingPlan, PlanError, default_checklist, load_checklist
from twofold.plan.separation import SECTION_KEYS

SAM, ALEX = "sam", "alex"
T = datetime(2026, 5, 4, 18, tzinfo=UTC)


def test_the_packaged_checklist_has_every_section_with_reasons() -> None:
    checklist = default_checklist()
    assert tuple(s.key for s in checklist) == SECTION_KEYS
    for section in checklist:
        assert section.title
        assert len(section.items) >= 4
        assert all(item.text and item.why and item.section == section.key for item in section.items)


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "separation.toml"
    path.write_text(body, encoding="utf-8")
    return path


def _section(key: str, items: int = 4, prefix: str = "") -> str:
    body = f'[[section]]\nkey = "{key}"\ntitle = "Title"\n'
    for i in range(items):
        body += f'[[section.item]]\nid = "{prefix or key}-{i}"\ntext = "Do it."\nwhy = "Because."\n'
    return body


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "expected \\[\\[section\\]\\]"),
        ("".join(_section(k) for k in SECTION_KEYS[:4]), "exactly"),
        ("".join(_section(k, items=3 if k == "family" else 4) for k in SECTION_KEYS), "'family' needs at least 4"),
        ("".join(_section(k, prefix="same") for k in SECTION_KEYS), "unique"),
        ("".join(_section(k) for k in SECTION_KEYS).replace('why = "Because."', 'why = ""', 1), "needs a why"),
    ],
)
def test_bad_checklists_are_refused(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(PlanError, match=message):
        load_checklist(_write(tmp_path, body))


def test_progress_is_tracked_per_item_with_history() -> None:
    progress = ChecklistProgress()
    progress = progress.update("living-who-stays", "in_progress", at=T, by=SAM, note="Talked it through")
    progress = progress.update("living-who-stays", ItemStatus.DONE, at=T + timedelta(days=2), by=ALEX)
    progress = progress.update("living-belongings", ItemStatus.DONE, at=T + timedelta(days=3), by=SAM)
    for item in ("children-schedule", "children-telling", "children-handovers", "children-decisions",
                 "children-support"):
        progress = progress.update(item, ItemStatus.NOT_APPLICABLE, at=T + timedelta(days=3), by=SAM)
    assert progress.status_of("living-who-stays") is ItemStatus.DONE
    assert progress.status_of("finances-overview") is ItemStatus.NOT_STARTED
    assert [u.status for u in progress.history_of("living-who-stays")] == [ItemStatus.IN_PROGRESS, ItemStatus.DONE]
    by_section = {p.key: p for p in progress.section_progress()}
    assert (by_section["living"].done, by_section["living"].applicable, by_section["living"].total) == (2, 5, 5)
    assert by_section["living"].fraction == pytest.approx(0.4)
    assert by_section["children"].fraction is None


def test_bad_updates_are_refused() -> None:
    progress = ChecklistProgress().update("family-who-and-when", "done", at=T, by=SAM)
    with pytest.raises(PlanError, match="no checklist item"):
        progress.update("nope", "done", at=T, by=SAM)
    with pytest.raises(PlanError, match="before the previous"):
        progress.update("family-occasions", "done", at=T - timedelta(days=1), by=SAM)
    with pytest.raises(PlanError, match="time zone"):
        progress.update("family-occasions", "done", at=datetime(2026, 5, 5), by=SAM)
    with pytest.raises(ValueError):
        progress.update("family-occasions", "finished", at=T, by=SAM)


def test_parting_plan_sections_are_drafted_and_confirmed_by_both() -> None:
    plan = PartingPlan.new((SAM, ALEX))
    assert plan.open_sections == SECTION_KEYS and not plan.agreed
    plan = plan.draft("living", SAM, "Alex keeps the flat until August; Sam moves to his sister's.", T)
    plan = plan.confirm("living", SAM, T)
    assert not plan.is_agreed("living")
    plan = plan.confirm("living", ALEX, T + timedelta(hours=1))
    assert plan.is_agreed("living")
    redraft = plan.draft("living", ALEX, "Alex keeps the flat until September.", T + timedelta(days=1))
    assert not redraft.is_agreed("living"), "a new draft needs both confirmations again"
    assert [d.version for d in redraft.section("living").drafts] == [1, 2]
    assert redraft.section("living").confirmed_by == frozenset()


def test_a_plan_is_agreed_when_every_section_is() -> None:
    plan = PartingPlan.new((SAM, ALEX))
    for key in SECTION_KEYS:
        plan = plan.draft(key, ALEX, f"What we agree about {key}.", T)
        plan = plan.confirm(key, SAM, T).confirm(key, ALEX, T)
    assert plan.agreed and plan.open_sections == ()


def test_bad_parting_plan_input_is_refused() -> None:
    plan = PartingPlan.new((SAM, ALEX))
    with pytest.raises(PlanError, match="no draft to confirm"):
        plan.confirm("living", SAM, T)
    with pytest.raises(PlanError, match="only the two partners"):
        plan.draft("living", "dr-rivera", "x", T)
    with pytest.raises(PlanError, match="no section"):
        plan.draft("pets", SAM, "x", T)
    with pytest.raises(PlanError, match="empty"):
        plan.draft("living", SAM, "  ", T)
    drafted = plan.draft("living", SAM, "x", T).confirm("living", SAM, T)
    with pytest.raises(PlanError, match="already confirmed"):
        drafted.confirm("living", SAM, T)
    with pytest.raises(PlanError, match="before the previous"):
        drafted.draft("living", ALEX, "y", T - timedelta(hours=1))
    with pytest.raises(PlanError, match="two different partners"):
        PartingPlan.new((SAM, SAM))
