"""Sessions end after inactivity and everywhere on request; optional two-factor log-in; quick exit."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp

from twofold.accounts import two_factor
from twofold.notes.services import write_note

pytestmark = pytest.mark.django_db


def log_in(client: Client, email: str, password: str):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_session_expires_after_inactivity(personas, password, settings):
    client = Client()
    log_in(client, "maya@example.test", password)
    assert client.get(reverse("accounts:profile")).status_code == 200
    idle = settings.SESSION_COOKIE_AGE
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=idle - 60)):
        assert client.get(reverse("accounts:profile")).status_code == 200  # activity renews it
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=2 * idle + 60)):
        assert client.get(reverse("accounts:profile")).status_code == 302


def test_log_out_everywhere_ends_other_sessions(personas, password):
    laptop, phone = Client(), Client()
    log_in(laptop, "maya@example.test", password)
    log_in(phone, "maya@example.test", password)
    assert phone.post(reverse("accounts:logout_everywhere")).status_code == 302
    assert laptop.get(reverse("accounts:profile")).status_code == 302
    assert phone.get(reverse("accounts:profile")).status_code == 302
    log_in(laptop, "maya@example.test", password)
    assert laptop.get(reverse("accounts:profile")).status_code == 200


def _current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_two_factor_setup_and_login(personas, password, client_for):
    client = client_for(personas.partner_a)
    client.post(reverse("accounts:two_factor_setup"), {"action": "start"})
    device = two_factor.pending_device(personas.partner_a)
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "data:image/png;base64," in page and two_factor.secret_for_manual_entry(device) in page
    wrong = client.post(reverse("accounts:two_factor_setup"), {"code": "000000" if _current_code(device) != "000000" else "111111"})
    assert wrong.status_code == 400 and "did not match" in wrong.content.decode()
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=5)):  # django-otp throttles after a failure
        device.refresh_from_db()
        assert client.post(reverse("accounts:two_factor_setup"), {"code": _current_code(device)}).status_code == 302
    assert two_factor.has_two_factor(personas.partner_a)

    fresh = Client()
    log_in(fresh, "maya@example.test", password)
    held = fresh.get(reverse("accounts:profile"))
    assert held.status_code == 302 and held["Location"].startswith(reverse("accounts:verify"))
    assert fresh.get("/api/v1/me").status_code == 401
    bad = fresh.post(reverse("accounts:verify"), {"code": "12ab"})
    assert bad.status_code == 400
    device.refresh_from_db()
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=65)):  # a later 30-second step: a used code is never accepted twice
        code = _current_code(device)
        assert fresh.post(reverse("accounts:verify"), {"code": code, "next": "/accounts/profile/"})["Location"] == "/accounts/profile/"
        assert fresh.get(reverse("accounts:profile")).status_code == 200


def test_verify_refuses_offsite_next(personas, client_for):
    client = client_for(personas.partner_a)
    page = client.get(reverse("accounts:verify") + "?next=https://evil.example/")
    assert "evil.example" not in page.content.decode()


def test_quick_exit_on_every_partner_page_and_neutral_target(personas, client_for):
    client = client_for(personas.partner_a)
    for url in (reverse("couples:home", args=[personas.couple.pk]), reverse("notes:list"), reverse("accounts:security")):
        page = client.get(url).content.decode()
        assert 'id="quick-exit"' in page and 'href="/weather"' in page and "quick-exit.js" in page
    neutral = client.get("/weather")
    text = neutral.content.decode()
    assert "Twofold" not in text and "<title>Weather</title>" in text
    assert neutral["Cache-Control"] == "no-store"
    script = b"".join(client.get("/static/twofold/quick-exit.js").streaming_content)
    assert b"location.replace" in script


def test_no_personal_text_in_titles(personas, client_for):
    note = write_note(personas.partner_a, title="Scared about money", body="details", visibility="couple")
    for user in (personas.partner_a, personas.partner_b):
        for url in (reverse("notes:detail", args=[note.pk]), reverse("notes:list")):
            page = client_for(user).get(url).content.decode()
            title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
            assert "money" not in title.lower()


def test_qr_codes_leave_our_svg_charts_intact(personas):
    """Regression: qrcode's SVG factory re-registered the XML namespace and turned charts into <svg:svg>."""
    from matplotlib.figure import Figure

    from twofold.web.charts import figure_to_svg

    two_factor.qr_code_data_uri(two_factor.start_setup(personas.partner_a))
    figure = Figure()
    figure.add_subplot().plot([1, 2], [3, 4])
    assert figure_to_svg(figure, chart_id="c", title="t", description="d").startswith("<svg ")
