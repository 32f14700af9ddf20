"""A couple's patterns over time, from the conversation turns the viewer may see.

Only turns of conversations shared with the viewer count, and never private turns
(a refused reflection, a safety moment). Senders are shown by first name.
"""

from __future__ import annotations

from twofold.accounts.models import User
from twofold.coach.scores import relief_score
from twofold.conversations.models import Conversation, ConversationTurn
from twofold.couples.models import Couple
from twofold.insights import CoupleInsights, Turn, couple_insights
from twofold.privacy.access import visible_to

RELIEF_LEADS = {"reassurance", "validation"}


def _sender_names(conversations: list[Conversation]) -> dict[int, str]:
    names: dict[int, str] = {}
    for conversation in conversations:
        for person in (conversation.partner_a, conversation.partner_b):
            if person is not None:
                names[person.pk] = person.display_name
    if len(set(names.values())) < len(names):  # two partners with the same first name
        names = {pk: f"{name} ({index})" for index, (pk, name) in enumerate(sorted(names.items()), start=1)}
    return names


def shared_turns(viewer: User, couple: Couple) -> list[Turn]:
    conversations = list(
        visible_to(viewer, Conversation.objects.filter(couple=couple)).select_related("partner_a", "partner_b")
    )
    names = _sender_names(conversations)
    rows = ConversationTurn.objects.filter(conversation__in=conversations, private=False, author__isnull=False)
    turns = []
    for row in rows.order_by("conversation_id", "index"):
        labels = tuple(label for label in row.labels)
        leads = any(label in RELIEF_LEADS for label in labels)
        turns.append(
            Turn(
                conversation=str(row.conversation_id),
                sender=names.get(row.author_id, "a former partner"),
                timestamp=row.at,
                labels=labels,
                relief_score=relief_score(labels, leads, False),
            )
        )
    return turns


def insights_for(viewer: User, couple: Couple) -> CoupleInsights | None:
    """None when there is nothing shared to read yet."""
    turns = shared_turns(viewer, couple)
    return couple_insights(turns) if turns else None
