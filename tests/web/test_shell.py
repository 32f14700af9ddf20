"""The web shell: security headers, CSP, static files, and an accessibility check of every page."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


class AccessibilityAudit(HTMLParser):
    """Checks the rules we hold every page to: a language, a title, landmarks, labelled controls."""

    LABELLED_TAGS = {"input", "select", "textarea"}
    UNLABELLED_TYPES = {"hidden", "submit", "button"}

    def __init__(self) -> None:
        super().__init__()
        self.lang = None
        self.title = ""
        self.landmarks: set[str] = set()
        self.label_targets: set[str] = set()
        self.controls: list[dict[str, str]] = []
        self.open_labels = 0
        self.in_title = False
        self.h1 = 0

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "title":
            self.in_title = True
        elif tag in {"main", "nav", "header", "footer"}:
            self.landmarks.add(attrs.get("role") or tag)
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label":
            self.open_labels += 1
            if attrs.get("for"):
                self.label_targets.add(attrs["for"])
        elif tag in self.LABELLED_TAGS and attrs.get("type") not in self.UNLABELLED_TYPES:
            self.controls.append({**attrs, "_wrapped": "yes" if self.open_labels else ""})

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels -= 1
        elif tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data

    def problems(self) -> list[str]:
        found = []
        if not self.lang:
            found.append("no lang on <html>")
        if not self.title.strip():
            found.append("no <title>")
        for landmark in ("main", "navigation", "banner", "contentinfo"):
            if landmark not in self.landmarks and {"navigation": "nav", "banner": "header", "contentinfo": "footer"}.get(landmark, landmark) not in self.landmarks:
                found.append(f"no {landmark} landmark")
        if self.h1 != 1:
            found.append(f"{self.h1} <h1> elements")
        for control in self.controls:
            labelled = control["_wrapped"] or control.get("id") in self.label_targets or control.get("aria-label")
            if not labelled:
                found.append(f"unlabelled control {control.get('name')}")
        return found


def audit(html: str) -> list[str]:
    parser = AccessibilityAudit()
    parser.feed(html)
    return parser.problems()


def test_the_audit_catches_problems():
    assert "unlabelled control q" in audit('<html><title>x</title><main><h1>a</h1><input name="q"></main></html>')
    assert "no lang on <html>" in audit("<html><title>x</title></html>")


ANONYMOUS_PAGES = ["web:landing", "accounts:login", "accounts:signup", "accounts:password_reset"]
PARTNER_PAGES = ["accounts:profile", "accounts:password_change", "couples:start", "notes:list", "notes:new"]


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_anonymous_pages_pass_the_audit(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert audit(response.content.decode()) == []


@pytest.mark.parametrize("name", PARTNER_PAGES)
def test_signed_in_pages_pass_the_audit(person, client_for, name):
    response = client_for(person("l@x.test", "L")).get(reverse(name))
    assert response.status_code == 200
    assert audit(response.content.decode()) == []


def test_couple_pages_pass_the_audit(personas, client_for):
    for user in (personas.partner_a, personas.therapist):
        page = client_for(user).get(reverse("couples:home", args=[personas.couple.pk]))
        assert audit(page.content.decode()) == []
    dashboard = client_for(personas.therapist).get(reverse("couples:therapist_dashboard"))
    assert audit(dashboard.content.decode()) == []


def test_forms_with_errors_pass_the_audit(client):
    response = client.post(reverse("accounts:signup"), {"email": "bad"})
    assert audit(response.content.decode()) == []
    assert 'aria-invalid="true"' in response.content.decode()


def test_security_headers(client, personas, client_for):
    response = client.get(reverse("web:landing"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    private = client_for(personas.partner_a).get(reverse("couples:home", args=[personas.couple.pk]))
    assert private["Cache-Control"] == "no-store"


def test_csrf_is_enforced_on_forms(personas):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.partner_a, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(reverse("notes:new"), {"title": "t", "body": "b", "visibility": "private"}).status_code == 403


def test_static_files_are_served_by_the_app(client):
    response = client.get("/static/twofold/site.css")
    assert response.status_code == 200
    assert b"--accent" in b"".join(response.streaming_content)


def test_health_check(client):
    assert client.get("/healthz").content == b"ok"
