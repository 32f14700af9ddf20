"""Plan tests make many accounts: hash their passwords cheaply (the hasher itself is tested elsewhere)."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
