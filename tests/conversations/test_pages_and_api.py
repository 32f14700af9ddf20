"""Pages and API for the four personas: partners see their room, the therapist only summaries and flags."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from twofold.conversations import frames, services
from twofold.conversations.models import ComeBackMessage, Conversation
from twofold.practice.lean_in import Phase

pytestmark = pytest.mark.django_db

SHARE = "I feel lonely on weekends when you work."
VALIDATION = "It makes sense that you feel lonely on weekends when I work."
CRISIS = "I want to kill myself."


def act(user, conversation, **frame):
    return services.act(user, conversation.pk, frames.parse_frame(frames.dumps(frame)))


def complete(personas) -> Conversation:
    a, b = personas.partner_a, personas.partner_b
    conversation = services.start_conversation(a)
    act(a, conversation, action="topic", topic="Weekends")
    act(a, conversation, action="roles", speaker="me")
    for speaker, listener in ((a, b), (b, a)):
        act(speaker, conversation, action="share", text=SHARE)
        act(listener, conversation, action="reflect", text=VALIDATION)
        act(speaker, conversation, action="heard")
    conversation.refresh_from_db()
    return conversation


def test_a_completed_conversation_is_summarised_and_dated(personas):
    conversation = complete(personas)
    assert conversation.phase == Phase.COMPLETE and conversation.summary["complete"]
    assert set(conversation.summary["felt_heard"]) == {str(personas.partner_a.pk), str(personas.partner_b.pk)}
    assert services.completed_conversation_dates(personas.couple) == [conversation.ended_at.date()]
    assert services.completed_conversation_dates(services.current_couple(personas.outsider)) == []


def test_one_open_conversation_per_couple_and_none_without_a_partner(personas):
    first = services.start_conversation(personas.partner_a)
    assert services.start_conversation(personas.partner_b) == first
    with pytest.raises(services.ConversationError, match="invite yours"):
        services.start_conversation(personas.outsider)


def test_history_and_detail_for_the_four_personas(personas, client_for):
    done = complete(personas)
    flagged = services.start_conversation(personas.partner_a)
    act(personas.partner_a, flagged, action="topic", topic="Money")
    act(personas.partner_a, flagged, action="roles", speaker="me")
    act(personas.partner_a, flagged, action="share", text=CRISIS)
    for name in ("partner_a", "partner_b", "therapist"):
        client = client_for(getattr(personas, name))
        page = client.get(reverse("conversations:index")).content.decode()
        assert "Weekends" in page and "Money" in page
        assert ("safety flag" in page) == (name == "therapist")
        summary = client.get(reverse("conversations:detail", args=[done.pk])).content.decode()
        assert "Both of you felt heard." in summary
        assert (SHARE in summary) == (name != "therapist")
        flagged_page = client.get(reverse("conversations:detail", args=[flagged.pk])).content.decode()
        assert (CRISIS in flagged_page) == (name == "partner_a")
        assert ("Safety flag" in flagged_page) == (name == "therapist")
    outsider = client_for(personas.outsider)
    assert outsider.get(reverse("conversations:detail", args=[done.pk])).status_code == 404
    assert "Weekends" not in outsider.get(reverse("conversations:index")).content.decode()
    for name in ("therapist", "outsider"):
        assert client_for(getattr(personas, name)).get(reverse("conversations:room", args=[done.pk])).status_code == 404


def test_api_enforces_visibility(personas, client_for):
    done = complete(personas)
    flagged = services.start_conversation(personas.partner_b)
    act(personas.partner_b, flagged, action="topic", topic="Money")
    act(personas.partner_b, flagged, action="roles", speaker="me")
    act(personas.partner_b, flagged, action="share", text=CRISIS)
    url = f"/api/v1/conversations/{flagged.pk}"
    author = client_for(personas.partner_b).get(url).json()
    assert author["turns"][-1]["text"] == CRISIS and author["safety_flagged"] is None
    partner = client_for(personas.partner_a).get(url).json()
    assert CRISIS not in str(partner) and partner["safety_flagged"] is None
    therapist = client_for(personas.therapist).get(url).json()
    assert therapist["safety_flagged"] is True and therapist["turns"] is None and CRISIS not in str(therapist)
    assert client_for(personas.outsider).get(url).status_code == 404
    assert client_for(personas.outsider).get("/api/v1/conversations").json() == []
    listed = client_for(personas.therapist).get("/api/v1/conversations").json()
    assert {c["id"] for c in listed} == {done.pk, flagged.pk}


def test_pause_page_and_ready_message_reach_the_partner_only(personas, client_for):
    maya = client_for(personas.partner_a)
    page = maya.get(reverse("conversations:pause")).content.decode()
    assert "data-breathing" in page and "20 minutes" in page and "Things that help" in page
    assert maya.post(reverse("conversations:ready"), {"note": "Calmer now."}).status_code == 302
    assert ComeBackMessage.objects.get().note == "Calmer now."
    home = reverse("couples:home", args=[personas.couple.pk])
    assert "Maya is ready to come back" in client_for(personas.partner_b).get(home).content.decode()
    assert "is ready to come back" not in maya.get(home).content.decode()
    assert "is ready to come back" not in client_for(personas.therapist).get(home).content.decode()
    assert maya.post(reverse("conversations:ready"), {"note": "x" * 301}).status_code == 302
    assert ComeBackMessage.objects.count() == 1
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=25)
    assert services.ready_message_for(personas.partner_b, now=later) is None
