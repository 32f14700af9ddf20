"""Encryption at rest with authenticated encryption (Fernet: AES-CBC + HMAC-SHA256, from `cryptography`).

Keys come from ``settings.TWOFOLD_ENCRYPTION_KEYS`` (the variable ``TWOFOLD_ENCRYPTION_KEYS``,
comma-separated) or else the key file (``TWOFOLD_ENCRYPTION_KEY_FILE``, default
``<data dir>/encryption.keys``, one key a line). The first key encrypts; every key
decrypts, so a rotation can add a key first and re-encrypt afterwards.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class EncryptionKeyError(RuntimeError):
    """No usable key: the message says how to provide one."""


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


def read_key_file(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="ascii").splitlines() if line.strip() and not line.startswith("#")]


def write_key_file(path: Path, keys: list[str]) -> None:
    """Write keys atomically with owner-only permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.touch(mode=0o600)
    temporary.write_text("\n".join(keys) + "\n", encoding="ascii")
    temporary.replace(path)


def ensure_key_file(path: Path) -> bool:
    """Create a key file with one fresh key if there is none; True when created."""
    if path.exists():
        return False
    write_key_file(path, [new_key()])
    return True


def configured_keys() -> list[str]:
    keys = list(getattr(settings, "TWOFOLD_ENCRYPTION_KEYS", ()) or ())
    if keys:
        return keys
    path = Path(settings.TWOFOLD_ENCRYPTION_KEY_FILE)
    if not path.exists():
        raise EncryptionKeyError(
            f"No encryption key: {path} does not exist. Run `twofold migrate` (it creates one) "
            "or set TWOFOLD_ENCRYPTION_KEYS / TWOFOLD_ENCRYPTION_KEY_FILE."
        )
    keys = read_key_file(path)
    if not keys:
        raise EncryptionKeyError(f"The key file {path} holds no key.")
    return keys


@lru_cache(maxsize=4)
def _cipher_for(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode("ascii")) for key in keys])
    except (ValueError, TypeError) as exc:
        raise EncryptionKeyError("An encryption key is malformed: each must be 32 url-safe base64-encoded bytes.") from exc


def cipher() -> MultiFernet:
    return _cipher_for(tuple(configured_keys()))


def encrypt(plaintext: str) -> str:
    return cipher().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise EncryptionKeyError("A stored value cannot be decrypted with the configured keys.") from exc


def rotate_token(token: str) -> str:
    """Re-encrypt a stored value under the first (newest) key."""
    return cipher().rotate(token.encode("ascii")).decode("ascii")
