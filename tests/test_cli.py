"""The `twofold` command: help for every command, settings honoured from any directory."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from twofold import __version__
from twofold.cli import app

TWOFOLD = str(Path(sys.executable).with_name("twofold"))
CORE_COMMANDS = ["serve", "migrate", "demo", "createadmin", "version", "worker", "backup", "restore"]


@pytest.mark.parametrize("command", CORE_COMMANDS)
def test_every_command_has_help(command):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_version():
    result = CliRunner().invoke(app, ["version"])
    assert result.output.strip() == f"twofold {__version__}"


def _run(args, cwd, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TWOFOLD_", "DJANGO_"))}
    return subprocess.run([TWOFOLD, *args], cwd=cwd, env={**clean, **env}, capture_output=True, text=True, timeout=120)


def test_migrate_and_demo_from_another_directory(tmp_path):
    from twofold.demo import DEMO_PEOPLE

    env = {"TWOFOLD_DATABASE_URL": "sqlite:///x.db", "TWOFOLD_DEBUG": "true"}
    assert _run(["migrate"], tmp_path, **env).returncode == 0
    first = _run(["demo"], tmp_path, **env)
    assert first.returncode == 0 and "Demo data loaded" in first.stdout
    assert "maya@demo.twofold.test" in first.stdout and "twofold-demo-2026" in first.stdout
    second = _run(["demo"], tmp_path, **env)
    assert "not loaded again" in second.stdout and "maya@demo.twofold.test" in second.stdout
    with sqlite3.connect(tmp_path / "x.db") as db:
        assert db.execute("select count(*) from accounts_user").fetchone()[0] == len(DEMO_PEOPLE)
        assert db.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_serve_refuses_the_default_secret_outside_debug(tmp_path):
    result = _run(["serve", "--port", "9"], tmp_path, TWOFOLD_DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert "Refusing to start" in result.stderr


def test_bad_settings_are_reported_not_crashed(tmp_path):
    result = _run(["migrate"], tmp_path, TWOFOLD_DEBUG="perhaps")
    assert result.returncode == 2
    assert "TWOFOLD_DEBUG must be true or false" in result.stderr


def test_createadmin(tmp_path):
    env = {"TWOFOLD_DATA_DIR": str(tmp_path), "TWOFOLD_DEBUG": "true"}
    _run(["migrate"], tmp_path, **env)
    ok = _run(["createadmin", "--email", "boss@x.test", "--password", "a-sturdy-admin-pass-1"], tmp_path, **env)
    assert ok.returncode == 0, ok.stderr
    weak = _run(["createadmin", "--email", "b2@x.test", "--password", "123"], tmp_path, **env)
    assert weak.returncode == 1 and "Password refused" in weak.stderr
    again = _run(["createadmin", "--email", "boss@x.test", "--password", "a-sturdy-admin-pass-1"], tmp_path, **env)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_migrate_creates_a_key_file_and_keys_rotate_uses_it(tmp_path):
    env = {"TWOFOLD_DATA_DIR": str(tmp_path), "TWOFOLD_DEBUG": "true"}
    _run(["migrate"], tmp_path, **env)
    key_file = tmp_path / "encryption.keys"
    first = key_file.read_text()
    _run(["demo"], tmp_path, **env)
    rotated = _run(["keys", "rotate", "--drop-old"], tmp_path, **env)
    assert rotated.returncode == 0, rotated.stderr
    # The demo's notes, plans, homework, session notes and check-ins all hold encrypted text.
    rows = re.search(r"Re-encrypted (\d+) rows", rotated.stdout)
    assert rows and int(rows.group(1)) > 2, rotated.stdout
    assert key_file.read_text() != first
    assert "Demo logins" in _run(["demo"], tmp_path, **env).stdout


def test_instruments_import_installs_licensed_wording(tmp_path):
    import json

    wording = tmp_path / "csi.json"
    items = {str(n): f"Placeholder statement {n}" for n in range(1, 17)}
    wording.write_text(json.dumps({"instrument": "csi-16", "version": "funk-rogge-2007", "items": items}))
    runner = CliRunner()
    ok = runner.invoke(app, ["instruments", "import", str(wording)], env={"TWOFOLD_DATA_DIR": str(tmp_path / "data")})
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "data" / "instruments" / "csi-16.json").is_file()
    del items["16"]
    wording.write_text(json.dumps({"instrument": "csi-16", "version": "funk-rogge-2007", "items": items}))
    bad = runner.invoke(app, ["instruments", "import", str(wording)], env={"TWOFOLD_DATA_DIR": str(tmp_path / "other")})
    assert bad.exit_code == 2
    assert not (tmp_path / "other" / "instruments").exists()
