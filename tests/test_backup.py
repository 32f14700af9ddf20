"""Backups round-trip every table, on SQLite and (with TWOFOLD_TEST_DATABASE_URL) on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection

from twofold.backup import BackupError, backup, restore
from twofold.notes.models import Note
from twofold.notes.services import write_note

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict[str, list[tuple]]:
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f'SELECT * FROM "{table}"')
            tables[table] = sorted(cursor.fetchall(), key=repr)
    return tables


def test_backup_and_restore_round_trip_every_table(personas, tmp_path):
    write_note(personas.partner_a, title="before", body="kept in the backup", visibility="couple")
    before = snapshot()
    assert sum(len(rows) for rows in before.values()) > 10

    path = backup(tmp_path / "copy.bak")
    assert path.stat().st_size > 0

    Note.objects.all().delete()
    write_note(personas.partner_b, title="after", body="made after the backup")
    assert snapshot() != before

    restore(path)
    assert snapshot() == before
    assert [n.title for n in Note.objects.all()] == ["before"]


def test_backup_refuses_to_overwrite(tmp_path, db):
    target = tmp_path / "exists.bak"
    target.write_text("x")
    with pytest.raises(BackupError, match="already exists"):
        backup(target)


def test_restore_refuses_a_missing_or_damaged_file(tmp_path, db):
    with pytest.raises(BackupError, match="not a backup file"):
        restore(tmp_path / "absent.bak")
    damaged = tmp_path / "damaged.bak"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(BackupError):
        restore(damaged)
