"""The couple's patterns page: built from shared conversation turns only, for the right people only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from twofold.conversations.models import Conversation, ConversationTurn
from twofold.couple_insights.services import insights_for, shared_turns

pytestmark = pytest.mark.django_db

PURSUE_WITHDRAW = [
    ("a", ("criticism",)),
    ("b", ("stonewalling",)),
    ("a", ("criticism",)),
    ("b", ("stonewalling",)),
    ("a", ("criticism", "contempt")),
    ("b", ("stonewalling",)),
]


def make_conversation(personas, visibility: str, script, *, private_index: int | None = None) -> Conversation:
    start = timezone.now() - dt.timedelta(days=3)
    conversation = Conversation.objects.create(
        owner=personas.partner_a, couple=personas.couple, visibility=visibility, partner_a=personas.partner_a,
        partner_b=personas.partner_b, phase="complete", started_at=start, ended_at=start + dt.timedelta(minutes=20),
    )
    for index, (who, labels) in enumerate(script):
        ConversationTurn.objects.create(
            conversation=conversation, index=index,
            author=personas.partner_a if who == "a" else personas.partner_b,
            role="speaker", kind="share", text="(words)", labels=list(labels), accepted=True,
            private=index == private_index, at=start + dt.timedelta(minutes=index),
        )
    return conversation


def test_pursue_withdraw_cycle_is_shown_without_blame(personas, client_for):
    make_conversation(personas, "couple_and_therapist", PURSUE_WITHDRAW)
    page = client_for(personas.partner_b).get(reverse("couple_insights:page", args=[personas.couple.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    insights = insights_for(personas.partner_b, personas.couple)
    assert [c.kind for c in insights.cycles] == ["pursue_withdraw"]
    assert insights.cycles[0].name in html and "<svg" in html
    assert "style=" not in html.split("<main", 1)[1]  # CSP: no inline styles in the charts
    assert insights.startups.reading in html
    assert not {"Maya", "Jordan"} & set(insights.cycles[0].explanation.split())  # the cycle, not a person, is named


def test_personas(personas, client_for):
    make_conversation(personas, "couple_and_therapist", PURSUE_WITHDRAW)
    url = reverse("couple_insights:page", args=[personas.couple.pk])
    expected = {"partner_a": 200, "partner_b": 200, "therapist": 200, "outsider": 404}
    for persona, user in personas.all().items():
        assert client_for(user).get(url).status_code == expected[persona], persona
    assert client_for(personas.partner_a).get(reverse("couple_insights:page", args=[999_999])).status_code == 404


def test_therapist_sees_only_what_was_shared_with_them(personas, client_for):
    make_conversation(personas, "couple", PURSUE_WITHDRAW)
    assert shared_turns(personas.therapist, personas.couple) == []
    html = client_for(personas.therapist).get(reverse("couple_insights:page", args=[personas.couple.pk])).content.decode()
    assert "Nothing to read yet" in html
    assert len(shared_turns(personas.partner_a, personas.couple)) == len(PURSUE_WITHDRAW)


def test_private_turns_never_count(personas):
    make_conversation(personas, "couple", PURSUE_WITHDRAW, private_index=1)
    turns = shared_turns(personas.partner_a, personas.couple)
    assert len(turns) == len(PURSUE_WITHDRAW) - 1
    assert {t.sender for t in turns} == {"Maya", "Jordan"}


def test_empty_history_reads_kindly(personas, client_for):
    html = client_for(personas.partner_a).get(reverse("couple_insights:page", args=[personas.couple.pk])).content.decode()
    assert "Nothing to read yet" in html
