"""The coach in the product: API, page, privacy of drafts, recipient tailoring, weekly stats."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from twofold.accounts.services import issue_api_token
from twofold.coaching import services
from twofold.coaching.models import KeptDraft
from twofold.privacy.access import can_view

pytestmark = pytest.mark.django_db

HARSH = "You ALWAYS leave the dishes for me, what is wrong with you?!"
CRISIS = "I don't want to be alive anymore, I can't do this."
ANSWER_KEYS = {"text", "labels", "findings", "relief_score", "flooding", "rewrite", "safety", "version"}


def post_json(client: Client, payload, token: str):
    return client.post("/api/v1/coach/analyze", payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_api_answer_shape_and_criticism_found(personas):
    answer = post_json(Client(), {"text": HARSH, "to": "anxious"}, issue_api_token(personas.partner_b, "t"))
    assert answer.status_code == 200
    data = answer.json()
    assert ANSWER_KEYS <= set(data)
    assert "criticism" in data["labels"]
    finding = next(f for f in data["findings"] if f["label"] == "criticism")
    assert HARSH[finding["start"] : finding["end"]] == finding["text"]
    assert data["rewrite"]["attachment"] == "anxious"


def test_api_safety_override_has_no_rewrite(personas):
    data = post_json(Client(), {"text": CRISIS}, issue_api_token(personas.partner_a, "t")).json()
    assert "crisis" in data["labels"]
    assert data["rewrite"] is None
    assert any(r["contact"] == "988" for r in data["safety"]["resources"])


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"text": ""}, 422),
        ({"text": "x" * 20_001}, 422),
        ({"text": "hello", "to": "clingy"}, 422),
        ({}, 422),
        ({"text": "   "}, 400),
    ],
)
def test_api_bad_input_is_a_clear_error(personas, payload, status):
    response = post_json(Client(), payload, issue_api_token(personas.partner_a, "t"))
    assert response.status_code == status
    assert response.json()["detail"]


def test_api_needs_authentication():
    assert Client().post("/api/v1/coach/analyze", {"text": "hi"}, content_type="application/json").status_code == 401


def test_rewrite_is_tailored_to_the_partners_shared_pattern(personas, monkeypatch):
    monkeypatch.setattr(services, "shared_attachment_pattern", lambda user: "avoidant" if user == personas.partner_a else None)
    analysis = services.coach_draft(personas.partner_b, HARSH)
    assert analysis.rewrite.attachment == "avoidant"
    assert services.coach_draft(personas.partner_a, HARSH).rewrite.attachment in (None, "secure")


def test_page_without_javascript_analyses_and_keeps(personas, client_for):
    client = client_for(personas.partner_a)
    page = client.get(reverse("coaching:index"))
    assert page.status_code == 200 and 'data-api="/api/v1/coach/analyze"' in page.content.decode()
    analysed = client.post(reverse("coaching:index"), {"text": HARSH, "action": "analyze"})
    html = analysed.content.decode()
    assert '<mark class="harmful"' in html and "Gentler ways to say it" in html
    empty = client.post(reverse("coaching:index"), {"text": "  ", "action": "analyze"})
    assert empty.status_code == 400 and "the draft is empty" in empty.content.decode()
    kept = client.post(reverse("coaching:index"), {"text": HARSH, "action": "keep"})
    assert kept.status_code == 302
    draft = KeptDraft.objects.get()
    assert draft.text == HARSH and draft.harmful_count >= 1 and draft.visibility == "private"


def test_kept_drafts_are_private_to_their_author(personas, client_for):
    analysis = services.coach_draft(personas.partner_a, HARSH)
    draft = services.keep_draft(personas.partner_a, analysis)
    for persona, user in personas.all().items():
        assert can_view(user, draft) is (persona == "partner_a")
        listing = client_for(user).get(reverse("coaching:kept")).content.decode()
        assert (HARSH[:20] in listing) is (persona == "partner_a")
        assert client_for(user).post(reverse("coaching:forget", args=[draft.pk])).status_code == (302 if persona == "partner_a" else 404)


def test_crisis_page_shows_resources_not_rewrites(personas, client_for):
    html = client_for(personas.partner_a).post(reverse("coaching:index"), {"text": CRISIS, "action": "analyze"}).content.decode()
    assert 'class="safety-panel"' in html and "988" in html and "Gentler ways" not in html


def test_weekly_message_stats_counts_only(personas):
    services.keep_draft(personas.partner_a, services.coach_draft(personas.partner_a, HARSH))
    services.keep_draft(personas.partner_a, services.coach_draft(personas.partner_a, "Thank you for cooking tonight, I loved it."))
    (week,) = services.weekly_message_stats(personas.partner_a)
    assert week.messages == 2 and week.harmful_labels >= 1 and 0 <= week.mean_relief <= 100
    assert services.weekly_message_stats(personas.partner_b) == []


def test_a_possible_safety_concern_shows_help_beside_the_coaching(personas, client_for, monkeypatch):
    """The model alone, unsure: resources are shown gently, and the coaching and rewrites stay."""
    from twofold.coach import Analysis, Finding, Rewrite
    from twofold.safety import resources_for

    text = "You always leave the dishes for me and never notice."
    possible = Analysis(
        text=text, labels=("criticism",), relief_score=30, flooding=False, version="test",
        findings=(Finding("criticism", 0, 10, text[:10], "absolute", "coach.rules.v1", "1"),),
        rewrite=Rewrite(("I love you. Could we share the dishes this week?",), None, "composer", "plain warmth"),
        safety=resources_for(["abuse_risk"]),
    )
    monkeypatch.setattr(services, "analyze", lambda message, recipient_attachment=None: possible)
    html = client_for(personas.partner_a).post(reverse("coaching:index"), {"text": text, "action": "analyze"}).content.decode()
    assert 'class="safety-panel gentle"' in html and "1-800-799-7233" in html
    assert "Gentler ways to say it" in html and '<mark class="harmful"' in html
