"""The typed settings object (pure: no Django)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from twofold.settings import DEFAULT_SECRET_KEY, DOCUMENTED_VARIABLES, SettingsError, load_settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_defaults_use_sqlite_in_the_data_dir(tmp_path):
    settings = load_settings({"TWOFOLD_DATA_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'twofold.sqlite3'}"
    assert settings.uses_sqlite
    assert settings.debug is False
    assert settings.redis_url is None
    assert settings.allowed_hosts == ("127.0.0.1", "localhost", "[::1]")


def test_postgres_url_and_lists():
    settings = load_settings(
        {
            "TWOFOLD_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test",
            "TWOFOLD_ALLOWED_HOSTS": "a.example, b.example",
            "TWOFOLD_REDIS_URL": "redis://127.0.0.1:6379/0",
        }
    )
    assert not settings.uses_sqlite
    assert settings.allowed_hosts == ("a.example", "b.example")
    assert settings.redis_url == "redis://127.0.0.1:6379/0"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TWOFOLD_DEBUG": "maybe"}, "TWOFOLD_DEBUG must be true or false"),
        ({"TWOFOLD_INVITE_TTL_HOURS": "soon"}, "TWOFOLD_INVITE_TTL_HOURS must be a whole number"),
        ({"TWOFOLD_INVITE_TTL_HOURS": "0"}, "at least 1"),
        ({"TWOFOLD_DATABASE_URL": "mysql://x/y"}, "TWOFOLD_DATABASE_URL must start with"),
        ({"TWOFOLD_REDIS_URL": "http://x"}, "TWOFOLD_REDIS_URL must start with"),
        ({"TWOFOLD_SMTP_URL": "mail.example:25"}, "TWOFOLD_SMTP_URL must start with"),
        ({"TWOFOLD_SECRET_KEY_FILE": "/nonexistent/secret"}, "cannot read"),
    ],
)
def test_bad_values_name_the_variable(env, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(env)


def test_secret_from_variable_then_file(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-file\n")
    assert load_settings({"TWOFOLD_SECRET_KEY_FILE": str(secret_file)}).secret_key == "from-file"
    assert load_settings({"TWOFOLD_SECRET_KEY": "direct", "TWOFOLD_SECRET_KEY_FILE": str(secret_file)}).secret_key == "direct"
    secret_file.write_text("  ")
    with pytest.raises(SettingsError, match="is empty"):
        load_settings({"TWOFOLD_SECRET_KEY_FILE": str(secret_file)})


def test_refuses_to_start_with_default_secret_outside_debug():
    with pytest.raises(SettingsError, match="Refusing to start"):
        load_settings({}).check_can_start()
    load_settings({"TWOFOLD_DEBUG": "true"}).check_can_start()
    load_settings({"TWOFOLD_SECRET_KEY": "x" * 40}).check_can_start()
    assert load_settings({}).secret_key == DEFAULT_SECRET_KEY


def test_every_variable_read_is_documented_in_the_readme():
    source = (Path(__file__).resolve().parents[1] / "src/twofold/settings.py").read_text()
    read_here = set(re.findall(r'"(TWOFOLD_[A-Z_]+)"', source))
    assert read_here == set(DOCUMENTED_VARIABLES)
    readme = README.read_text()
    missing = sorted(name for name in DOCUMENTED_VARIABLES if name not in readme)
    assert not missing, f"README does not document: {missing}"
