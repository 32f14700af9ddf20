"""One typed settings object, read from ``TWOFOLD_*`` environment variables.

Nothing here imports Django: the Django settings module (``django_settings``)
and the CLI both build on :func:`load_settings`. Every variable is documented in
:data:`DOCUMENTED_VARIABLES`; a test fails when one read here is missing from
the README.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SECRET_KEY = "twofold-insecure-development-key-change-me"

DOCUMENTED_VARIABLES: dict[str, str] = {
    "TWOFOLD_DATA_DIR": "Folder for the SQLite database, keys and uploads (default: ./var).",
    "TWOFOLD_DATABASE_URL": "Database URL: sqlite:///path.db (default) or postgresql://user@host:port/name.",
    "TWOFOLD_SECRET_KEY": "Secret used to sign sessions and tokens.",
    "TWOFOLD_SECRET_KEY_FILE": "File holding the secret key (read when TWOFOLD_SECRET_KEY is unset).",
    "TWOFOLD_DEBUG": "true/false: debug pages and the development secret are allowed (default false).",
    "TWOFOLD_ALLOWED_HOSTS": "Comma-separated host names the server answers to (default 127.0.0.1,localhost).",
    "TWOFOLD_REDIS_URL": "Optional redis://host:port/db for the shared cache and live rooms across processes.",
    "TWOFOLD_INVITE_TTL_HOURS": "How long a couple or therapist invitation stays valid (default 72).",
    "TWOFOLD_LOGIN_FAILURE_LIMIT": "Failed log-ins before an account and address are locked out (default 5).",
    "TWOFOLD_LOGIN_COOLOFF_MINUTES": "How long a log-in lockout lasts (default 15).",
    "TWOFOLD_SQLITE_BUSY_TIMEOUT_SECONDS": "How long SQLite waits on a locked database (default 20).",
    "TWOFOLD_SMTP_URL": "Optional smtp://user:password@host:port (smtps:// for TLS) for real e-mail; unset, mail is printed.",
    "TWOFOLD_SESSION_IDLE_MINUTES": "Log a browser out after this many minutes without a request (default 60).",
    "TWOFOLD_ENCRYPTION_KEYS": "Comma-separated Fernet keys for data at rest; the first encrypts, all decrypt.",
    "TWOFOLD_ENCRYPTION_KEY_FILE": "File of encryption keys, one a line (default: <data dir>/encryption.keys).",
    "TWOFOLD_PAUSE_MIN_MINUTES": "Shortest break a pause offers, in minutes; decimals allowed for demos (default 20).",
    "TWOFOLD_PAUSE_MAX_HOURS": "Latest time to come back after a pause, in hours (default 24, at most 168).",
}


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


def _env_bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, not {raw!r}")


def env_int(env: Mapping[str, str], name: str, default: int, *, minimum: int = 0) -> int:
    """A whole-number variable (``default`` when unset or blank); :class:`SettingsError` names it when it is not."""
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from exc
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, not {value}")
    return value


def _env_minutes(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a number of minutes, not {raw!r}") from exc
    if not value > 0:
        raise SettingsError(f"{name} must be more than 0, not {raw!r}")
    return value


def _env_list(env: Mapping[str, str], name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    return tuple(item.strip() for item in raw.split(",") if item.strip())


def _read_secret(env: Mapping[str, str]) -> str:
    secret = env.get("TWOFOLD_SECRET_KEY", "").strip()
    if secret:
        return secret
    secret_file = env.get("TWOFOLD_SECRET_KEY_FILE", "").strip()
    if secret_file:
        path = Path(secret_file)
        try:
            secret = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SettingsError(f"TWOFOLD_SECRET_KEY_FILE: cannot read {path}: {exc.strerror}") from exc
        if not secret:
            raise SettingsError(f"TWOFOLD_SECRET_KEY_FILE: {path} is empty")
        return secret
    return DEFAULT_SECRET_KEY


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    secret_key: str
    debug: bool
    allowed_hosts: tuple[str, ...]
    redis_url: str | None
    smtp_url: str | None
    invite_ttl_hours: int
    login_failure_limit: int
    login_cooloff_minutes: int
    sqlite_busy_timeout_seconds: int
    session_idle_minutes: int
    encryption_keys: tuple[str, ...]
    encryption_key_file: Path
    pause_min_minutes: float = 20.0
    pause_max_hours: int = 24

    @property
    def uses_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:")

    @property
    def uses_default_secret(self) -> bool:
        return self.secret_key == DEFAULT_SECRET_KEY

    def check_can_start(self) -> None:
        """Refuse a production start with the development secret."""
        if self.uses_default_secret and not self.debug:
            raise SettingsError(
                "Refusing to start: TWOFOLD_SECRET_KEY (or TWOFOLD_SECRET_KEY_FILE) is not set "
                "and TWOFOLD_DEBUG is off. Set a secret, or TWOFOLD_DEBUG=true for local development."
            )


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read and validate every ``TWOFOLD_*`` variable; raise :class:`SettingsError` on bad values."""
    env = os.environ if env is None else env
    data_dir = Path(env.get("TWOFOLD_DATA_DIR", "").strip() or "var").resolve()
    database_url = env.get("TWOFOLD_DATABASE_URL", "").strip() or f"sqlite:///{data_dir / 'twofold.sqlite3'}"
    if not database_url.startswith(("sqlite:", "postgres://", "postgresql://")):
        raise SettingsError(
            f"TWOFOLD_DATABASE_URL must start with sqlite:/// or postgresql://, not {database_url.split(':')[0]!r}"
        )
    redis_url = env.get("TWOFOLD_REDIS_URL", "").strip() or None
    if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise SettingsError("TWOFOLD_REDIS_URL must start with redis://, rediss:// or unix://")
    smtp_url = env.get("TWOFOLD_SMTP_URL", "").strip() or None
    if smtp_url and not smtp_url.startswith(("smtp://", "smtps://")):
        raise SettingsError("TWOFOLD_SMTP_URL must start with smtp:// or smtps://")
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        secret_key=_read_secret(env),
        debug=_env_bool(env, "TWOFOLD_DEBUG", False),
        allowed_hosts=_env_list(env, "TWOFOLD_ALLOWED_HOSTS", ("127.0.0.1", "localhost", "[::1]")),
        redis_url=redis_url,
        smtp_url=smtp_url,
        invite_ttl_hours=env_int(env, "TWOFOLD_INVITE_TTL_HOURS", 72, minimum=1),
        login_failure_limit=env_int(env, "TWOFOLD_LOGIN_FAILURE_LIMIT", 5, minimum=1),
        login_cooloff_minutes=env_int(env, "TWOFOLD_LOGIN_COOLOFF_MINUTES", 15, minimum=1),
        sqlite_busy_timeout_seconds=env_int(env, "TWOFOLD_SQLITE_BUSY_TIMEOUT_SECONDS", 20, minimum=1),
        session_idle_minutes=env_int(env, "TWOFOLD_SESSION_IDLE_MINUTES", 60, minimum=1),
        encryption_keys=_env_list(env, "TWOFOLD_ENCRYPTION_KEYS", ()),
        encryption_key_file=Path(env.get("TWOFOLD_ENCRYPTION_KEY_FILE", "").strip() or data_dir / "encryption.keys"),
        pause_min_minutes=_env_minutes(env, "TWOFOLD_PAUSE_MIN_MINUTES", 20.0),
        pause_max_hours=_pause_max_hours(env),
    )


def _pause_max_hours(env: Mapping[str, str]) -> int:
    hours = env_int(env, "TWOFOLD_PAUSE_MAX_HOURS", 24, minimum=1)
    if hours > 168:
        raise SettingsError(f"TWOFOLD_PAUSE_MAX_HOURS must be at most 168 (a week), not {hours}")
    return hours
