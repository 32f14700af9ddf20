"""Shared fixtures: the four personas every view is tested with.

- ``partner_a`` (Maya) and ``partner_b`` (Jordan) share a couple;
- ``therapist`` (Dr Rivera) has access with both partners' consent;
- ``outsider`` (Quinn) is a partner in another couple and must see nothing of theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

PASSWORD = "a-long-test-passphrase-42"


@pytest.fixture(autouse=True, scope="session")
def _test_session_settings():
    """One fresh encryption key per test session (no key file on disk), and cheap password hashing."""
    from django.conf import settings

    if not settings.configured:  # pure-package runs with `-p no:django`
        return
    from twofold.privacy.crypto import new_key

    settings.TWOFOLD_ENCRYPTION_KEYS = (new_key(),)
    # Tests make thousands of accounts: hash cheaply. The Argon2 set-up itself is tested in
    # tests/accounts (which restores the production hashers) and by every subprocess test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass(frozen=True)
class Personas:
    partner_a: object
    partner_b: object
    therapist: object
    outsider: object
    couple: object
    link: object

    def all(self) -> dict[str, object]:
        return {
            "partner_a": self.partner_a,
            "partner_b": self.partner_b,
            "therapist": self.therapist,
            "outsider": self.outsider,
        }


def make_person(email: str, name: str, role: str = "partner"):
    from twofold.accounts.services import create_person

    return create_person(email=email, display_name=name, password=PASSWORD, role=role)


@pytest.fixture
def personas(db) -> Personas:
    from twofold.couples import services

    maya = make_person("maya@example.test", "Maya")
    jordan = make_person("jordan@example.test", "Jordan")
    rivera = make_person("rivera@example.test", "Dr Rivera", role="therapist")
    quinn = make_person("quinn@example.test", "Quinn")
    couple = services.create_couple(maya, "Maya & Jordan")
    services.join_couple(jordan, code=services.open_partner_invite(couple).code)
    link = services.invite_therapist(couple, maya, rivera.email)
    services.claim_therapist_link(rivera, code=link.code)
    services.accept_therapist(link, jordan)
    services.create_couple(quinn, "Another couple")
    link.refresh_from_db()
    return Personas(maya, jordan, rivera, quinn, couple, link)


@pytest.fixture
def person(db):
    """``person(email, name, role="partner")`` creates an account with the test password."""
    return make_person


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def client_for(client):
    """``client_for(user)`` returns a test client logged in as that person."""
    from django.test import Client

    def build(user) -> Client:
        new_client = Client()
        new_client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return new_client

    return build
