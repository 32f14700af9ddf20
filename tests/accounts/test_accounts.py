"""Sign-up, log-in, log-out, password change and reset, throttling."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.urls import reverse

from twofold.accounts.models import User

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "sam@example.test",
    "display_name": "Sam",
    "role": "partner",
    "password1": "quiet-harbour-morning-7",
    "password2": "quiet-harbour-morning-7",
}


def test_signup_creates_a_partner_hashed_with_argon2_and_logs_in(client, settings):
    from twofold import django_settings

    settings.PASSWORD_HASHERS = django_settings.PASSWORD_HASHERS
    response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="sam@example.test")
    assert user.role == "partner"
    assert identify_hasher(user.password).algorithm == "argon2"
    assert client.get(reverse("web:home")).status_code == 302  # logged in: sent on to couple set-up
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_signup_as_therapist(client):
    client.post(reverse("accounts:signup"), {**SIGNUP, "email": "t@example.test", "role": "therapist"})
    assert User.objects.get(email="t@example.test").is_therapist


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "valid email"),
        ({"display_name": "   "}, "display_name", "This field is required"),
        ({"password2": "something-else-entirely"}, "password2", "didn’t match"),
        ({"password1": "short", "password2": "short"}, "password2", "too short"),
        ({"role": "admin"}, "role", "Select a valid choice"),
    ],
)
def test_signup_shows_field_level_errors_and_creates_nothing(client, change, field, message):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, **change})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not User.objects.exists()
    assert f'id="id_{field}_error"' in response.content.decode() or field == "role"


def test_signup_refuses_a_taken_email(client, personas):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "email": "MAYA@example.test"})
    assert "already exists" in " ".join(response.context["form"].errors["email"])
    assert User.objects.filter(email__iexact="maya@example.test").count() == 1


def test_login_and_logout(client, personas, password):
    response = client.post(reverse("accounts:login"), {"username": "maya@example.test", "password": password})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_wrong_password_shows_an_error(client, personas):
    response = client.post(reverse("accounts:login"), {"username": "maya@example.test", "password": "nope"})
    assert response.status_code == 200
    assert "correct email" in response.content.decode().lower().replace("e-mail", "email")


def test_login_is_throttled_after_repeated_failures(client, personas, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "maya@example.test", "password": "wrong"})
    locked = client.post(reverse("accounts:login"), {"username": "maya@example.test", "password": password})
    assert locked.status_code == 429
    assert "Too many log-in attempts" in locked.content.decode()
    # Another account from the same address is not locked out.
    other = client.post(reverse("accounts:login"), {"username": "jordan@example.test", "password": password})
    assert other.status_code == 302


def test_password_change(client_for, personas, password):
    client = client_for(personas.partner_a)
    bad = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
    )
    assert bad.status_code == 200 and "old_password" in bad.context["form"].errors
    good = client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": "new-tide-lantern-99", "new_password2": "new-tide-lantern-99"},
    )
    assert good.status_code == 302
    personas.partner_a.refresh_from_db()
    assert personas.partner_a.check_password("new-tide-lantern-99")


def test_password_reset_link_by_mail_sets_a_new_password(client, personas):
    client.post(reverse("accounts:password_reset"), {"email": "jordan@example.test"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Your Twofold password reset link"
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "fresh-river-stone-5", "new_password2": "fresh-river-stone-5"}
    )
    assert done.status_code == 302
    personas.partner_b.refresh_from_db()
    assert personas.partner_b.check_password("fresh-river-stone-5")


def test_password_reset_for_unknown_address_sends_nothing(client, personas):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_profile_rename_validates(client_for, personas):
    client = client_for(personas.partner_a)
    bad = client.post(reverse("accounts:profile"), {"display_name": "  "})
    assert "display_name" in bad.context["form"].errors
    client.post(reverse("accounts:profile"), {"display_name": "Maya R."})
    personas.partner_a.refresh_from_db()
    assert personas.partner_a.display_name == "Maya R."


def test_api_token_is_shown_once_and_stored_as_a_digest(client_for, personas):
    client = client_for(personas.partner_a)
    response = client.post(reverse("accounts:token_create"), {"name": "laptop"})
    token = re.search(r"(tf_[\w-]+)", response.content.decode()).group(1)
    record = personas.partner_a.api_tokens.get()
    assert token not in record.digest and len(record.digest) == 64
    client.post(reverse("accounts:token_revoke", args=[record.pk]))
    assert not personas.partner_a.api_tokens.exists()
