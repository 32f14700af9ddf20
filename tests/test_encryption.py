"""Encryption at rest: no plaintext in the raw database, rotation re-encrypts everything."""

from __future__ import annotations

import pytest
from django.db import connection

from twofold.notes.models import Note
from twofold.notes.services import write_note
from twofold.privacy import crypto
from twofold.privacy.rotation import rotate_keys

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Something only I should read"
SECRET_BODY = "I am afraid of how the conversation about money will go."


def raw_note_columns() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, body FROM notes_note")
        return list(cursor.fetchall())


def test_raw_database_holds_no_plaintext(personas):
    note = write_note(personas.partner_a, title=SECRET_TITLE, body=SECRET_BODY)
    raw = raw_note_columns()
    assert raw and all(SECRET_BODY not in body and SECRET_TITLE not in title for title, body in raw)
    assert Note.objects.get(pk=note.pk).body == SECRET_BODY


def test_tampered_ciphertext_is_refused(personas):
    note = write_note(personas.partner_a, title="t", body=SECRET_BODY)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE notes_note SET body = %s WHERE id = %s", ["gAAAAABtampered", note.pk])
    with pytest.raises(crypto.EncryptionKeyError):
        Note.objects.get(pk=note.pk)


def test_rotation_re_encrypts_under_a_new_key(personas, settings, tmp_path):
    key_file = tmp_path / "encryption.keys"
    first_key = crypto.new_key()
    crypto.write_key_file(key_file, [first_key])
    settings.TWOFOLD_ENCRYPTION_KEYS = ()
    settings.TWOFOLD_ENCRYPTION_KEY_FILE = key_file
    note = write_note(personas.partner_a, title="t", body=SECRET_BODY)
    before = raw_note_columns()

    report = rotate_keys(drop_old=True)

    assert report.rows == 1 and report.keys_kept == 1
    keys = crypto.read_key_file(key_file)
    assert keys != [first_key] and len(keys) == 1
    assert raw_note_columns() != before
    assert Note.objects.get(pk=note.pk).body == SECRET_BODY  # readable with the new key alone
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_rotation_refuses_keys_from_the_environment(settings):
    settings.TWOFOLD_ENCRYPTION_KEYS = (crypto.new_key(),)
    with pytest.raises(crypto.EncryptionKeyError, match="TWOFOLD_ENCRYPTION_KEYS"):
        rotate_keys()


def test_missing_key_file_explains_what_to_do(settings, tmp_path):
    settings.TWOFOLD_ENCRYPTION_KEYS = ()
    settings.TWOFOLD_ENCRYPTION_KEY_FILE = tmp_path / "absent.keys"
    with pytest.raises(crypto.EncryptionKeyError, match="twofold migrate"):
        crypto.encrypt("x")
