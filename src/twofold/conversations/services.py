"""Conversation services: the only place that writes conversations.

Every accepted event is applied with the pure state machine and stored (event log,
new turn rows, the conversation row, the summary once over) in one transaction,
before anyone is told. A refused event raises :class:`ConversationError` and
stores nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from twofold.accounts.models import User
from twofold.conversations import coaching, frames
from twofold.conversations.models import ComeBackMessage, Conversation, ConversationEvent, ConversationTurn
from twofold.couples.models import Couple
from twofold.couples.services import current_couple, partners_of
from twofold.practice.lean_in import (
    AssignRoles,
    ChooseTopic,
    End,
    Event,
    FeelHeard,
    IllegalTransition,
    LeanInRules,
    NotYet,
    Pause,
    Reflect,
    ReflectionVerdict,
    Resume,
    Share,
    summarize,
    view_for,
)
from twofold.practice.lean_in import ConversationView
from twofold.practice.lean_in import Conversation as State
from twofold.practice.pause import PausePolicy
from twofold.privacy.access import visible_to
from twofold.privacy.models import Visibility
from twofold.safety.resources import SafetyResources

OPEN_PHASES = ("topic", "roles", "sharing", "reflecting", "confirming", "paused")
READY_MESSAGE_SHOWN_FOR = dt.timedelta(hours=24)


class ConversationError(Exception):
    """An action the room refuses; ``reason`` is safe to show to the person who tried it."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class Outcome:
    """What an accepted action changed, and what only its author is shown."""

    state: State
    nudges: tuple[coaching.Nudge, ...] = ()
    resources: SafetyResources | None = None


def person_id(user: User) -> str:
    return str(user.pk)


def pause_policy() -> PausePolicy:
    return PausePolicy(minimum=settings.TWOFOLD_PAUSE_MINIMUM, return_within=settings.TWOFOLD_PAUSE_RETURN_WITHIN)


def rules() -> LeanInRules:
    return LeanInRules(check_reflection=coaching.check_reflection, pause_policy=pause_policy())


# ---- reading ---------------------------------------------------------------------------


def room_for(user: User, conversation_id: int) -> Conversation:
    """The conversation if ``user`` is one of its two partners and still in that couple."""
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    couple = current_couple(user) if user.is_authenticated else None
    if (
        conversation is None
        or couple is None
        or conversation.couple_id != couple.pk
        or user.pk not in (conversation.partner_a_id, conversation.partner_b_id)
    ):
        raise ConversationError("not_found", "there is no conversation here for you; open one from your couple space")
    return conversation


def open_conversation(couple: Couple) -> Conversation | None:
    return Conversation.objects.filter(couple=couple, phase__in=OPEN_PHASES).first()


def history(viewer: User) -> QuerySet[Conversation]:
    """Conversations the viewer may see (partners: their couple's; a therapist: those shared with them)."""
    return visible_to(viewer, Conversation.objects.all())


def names_of(conversation: Conversation) -> dict[str, str]:
    people = [conversation.partner_a, conversation.partner_b]
    return {str(p.pk): p.display_name for p in people if p is not None}


def load_state(conversation: Conversation) -> State:
    """Rebuild the state by replaying the event log through the pure rules."""
    base = rules()
    partners = (str(conversation.partner_a_id), str(conversation.partner_b_id))
    state = base.start(str(conversation.pk), partners, conversation.started_at)
    for row in conversation.event_log.order_by("seq"):
        event, replay_rules = _event_from_payload(row.kind, row.payload, base)
        state = replay_rules.apply(state, event)
    return state


def room_view(user: User, conversation_id: int) -> tuple[Conversation, State, ConversationView]:
    """What one partner sees of the room now: the same answer for a first connection and a reconnection."""
    conversation = room_for(user, conversation_id)
    state = load_state(conversation)
    return conversation, state, view_for(state, person_id(user))


def completed_conversation_dates(couple: Couple) -> list[dt.date]:
    """Days on which this couple completed a conversation (both felt heard), oldest first."""
    ended = Conversation.objects.filter(couple=couple, phase="complete", ended_at__isnull=False)
    return sorted(moment.date() for moment in ended.values_list("ended_at", flat=True))


def safety_resources_for(state: State, user: User) -> SafetyResources | None:
    """Resources for the author of a safety turn; None for anyone else."""
    me = person_id(user)
    labels = tuple(label for notice in state.safety_notices if notice.person == me for label in notice.labels)
    return coaching.safety_resources(labels) if labels else None


# ---- writing ---------------------------------------------------------------------------


@transaction.atomic
def start_conversation(user: User) -> Conversation:
    """Open a conversation for the user's couple, or return the one already open."""
    couple = current_couple(user)
    if couple is None:
        raise ConversationError("no_couple", "start or join a couple space first")
    partners = partners_of(couple)
    if len(partners) != 2:
        raise ConversationError("no_partner", "a conversation needs both partners: invite yours first")
    existing = open_conversation(couple)
    if existing is not None:
        return existing
    return Conversation.objects.create(
        owner=user, couple=couple, visibility=Visibility.COUPLE_AND_THERAPIST,
        partner_a=partners[0], partner_b=partners[1], started_at=timezone.now(),
    )


def act(user: User, conversation_id: int, action: frames.Action, *, now: dt.datetime | None = None) -> Outcome:
    """Apply one validated action; the coach runs first, outside the database lock."""
    nudges: tuple[coaching.Nudge, ...] = ()
    verdict: ReflectionVerdict | None = None
    labels: tuple[str, ...] = ()
    text = ""
    if isinstance(action, frames.ShareFrame):
        text = action.text
        labels, nudges = coaching.share_nudges(text)
    elif isinstance(action, frames.ReflectFrame):
        text = action.text
        verdict = coaching.check_reflection(text)
    elif isinstance(action, frames.TopicFrame):
        text = action.topic
        labels = coaching.labels_of(text)
    elif isinstance(action, frames.NotYetFrame):
        text = action.note
        labels = coaching.labels_of(text)
    outcome = _apply(user, conversation_id, action, labels, verdict, nudges, now)
    check_in = coaching.check_in_labels(text)
    if outcome.resources is None and check_in:
        return replace(outcome, resources=coaching.safety_resources(check_in))
    return outcome


@transaction.atomic
def _apply(user: User, conversation_id: int, action: frames.Action, labels: tuple[str, ...],
           verdict: ReflectionVerdict | None, nudges: tuple[coaching.Nudge, ...], now: dt.datetime | None) -> Outcome:
    room_for(user, conversation_id)
    conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
    state = load_state(conversation)
    at = max(now or timezone.now(), state.last_at)
    event, payload = _event_for(user, conversation, action, at, labels, verdict)
    active = rules() if verdict is None else replace(rules(), check_reflection=lambda _text: verdict)
    try:
        new = active.apply(state, event)
    except IllegalTransition as exc:
        raise ConversationError(exc.code, exc.reason) from exc
    _store(conversation, state, new, action.action, payload, at)
    fresh_notice = len(new.safety_notices) > len(state.safety_notices)
    resources = coaching.safety_resources(new.safety_notices[-1].labels) if fresh_notice else None
    return Outcome(new, () if fresh_notice else nudges, resources)


def _store(conversation: Conversation, old: State, new: State, kind: str, payload: dict[str, Any],
           at: dt.datetime) -> None:
    ConversationEvent.objects.create(conversation=conversation, seq=conversation.events, kind=kind,
                                     payload=payload, at=at)
    authors = {str(p.pk): p for p in (conversation.partner_a, conversation.partner_b) if p is not None}
    ConversationTurn.objects.bulk_create(
        ConversationTurn(
            conversation=conversation, index=turn.index, author=authors.get(turn.author),
            role=turn.role.value if turn.role else "", kind=turn.kind.value, text=turn.text,
            labels=list(turn.labels), accepted=turn.accepted, private=turn.private, at=turn.at,
        )
        for turn in new.turns[len(old.turns):]
    )
    conversation.events += 1
    conversation.phase = new.phase.value
    conversation.topic = new.topic
    conversation.ended_at = new.ended_at
    conversation.safety_flagged = bool(new.safety_notices)
    if new.is_over:
        conversation.summary = summary_json(new)
    conversation.save(update_fields=["events", "phase", "topic", "ended_at", "safety_flagged", "summary",
                                     "updated_at"])


def summary_json(state: State) -> dict[str, Any]:
    """The summary both partners and their therapist may read.

    Private (safety) turns are already left out of every count; whether a safety
    pause happened is left out too (a therapist learns it from ``safety_flagged``).
    """
    summary = asdict(summarize(state))
    del summary["paused_for_safety"]
    for key in ("started_at", "finished_at"):
        summary[key] = summary[key].isoformat()
    for key in ("duration", "paused_for"):
        summary[key] = summary[key].total_seconds()
    summary["felt_heard"] = list(summary["felt_heard"])
    summary["flagged"] = [
        {"turn_index": f["turn_index"], "author": f["author"], "reason": f["reason"]} for f in summary["flagged"]
    ]
    return summary


# ---- events and their stored form --------------------------------------------------------


def _event_for(user: User, conversation: Conversation, action: frames.Action, at: dt.datetime,
               labels: tuple[str, ...], verdict: ReflectionVerdict | None) -> tuple[Event, dict[str, Any]]:
    me = person_id(user)
    payload: dict[str, Any] = {"by": me, "at": at.isoformat()}
    match action:
        case frames.TopicFrame(topic=topic):
            payload |= {"topic": topic, "labels": list(labels)}
        case frames.RolesFrame(speaker=speaker):
            other = conversation.partner_b_id if user.pk == conversation.partner_a_id else conversation.partner_a_id
            payload |= {"speaker": me if speaker == "me" else str(other)}
        case frames.ShareFrame(text=text):
            payload |= {"text": text, "labels": list(labels)}
        case frames.ReflectFrame(text=text):
            assert verdict is not None
            payload |= {"text": text, "verdict": {"ok": verdict.ok, "reasons": list(verdict.reasons),
                                                  "labels": list(verdict.labels)}}
        case frames.NotYetFrame(note=note):
            payload |= {"note": note, "labels": list(labels)}
        case frames.PauseFrame(return_in_minutes=minutes):
            policy = pause_policy()
            span = dt.timedelta(minutes=minutes) if minutes is not None else policy.minimum
            payload |= {"return_at": (at + span).isoformat(), "minimum": policy.minimum.total_seconds(),
                        "return_within": policy.return_within.total_seconds()}
    event, _ = _event_from_payload(action.action, payload, rules())
    return event, payload


def _event_from_payload(kind: str, payload: dict[str, Any], base: LeanInRules) -> tuple[Event, LeanInRules]:
    """The pure event, and the rules to replay it with (the verdict and pause policy of its time)."""
    by, at = payload["by"], dt.datetime.fromisoformat(payload["at"])
    labels = tuple(payload.get("labels", ()))
    match kind:
        case "topic":
            return ChooseTopic(by, at, payload["topic"], labels), base
        case "roles":
            return AssignRoles(by, at, payload["speaker"]), base
        case "share":
            return Share(by, at, payload["text"], labels), base
        case "reflect":
            stored = payload["verdict"]
            verdict = ReflectionVerdict(stored["ok"], tuple(stored["reasons"]), tuple(stored["labels"]))
            return Reflect(by, at, payload["text"]), replace(base, check_reflection=lambda _text: verdict)
        case "heard":
            return FeelHeard(by, at), base
        case "not_yet":
            return NotYet(by, at, payload["note"], labels), base
        case "pause":
            policy = PausePolicy(dt.timedelta(seconds=payload["minimum"]), dt.timedelta(seconds=payload["return_within"]))
            return Pause(by, at, dt.datetime.fromisoformat(payload["return_at"])), replace(base, pause_policy=policy)
        case "resume":
            return Resume(by, at), base
        case "end":
            return End(by, at), base
    raise ValueError(f"unknown stored event kind {kind!r}")


# ---- the pause tool: "ready to come back" ------------------------------------------------


@transaction.atomic
def send_ready_message(user: User, note: str = "") -> ComeBackMessage:
    couple = current_couple(user)
    if couple is None:
        raise ConversationError("no_couple", "join a couple space first; the message goes to your partner")
    return ComeBackMessage.objects.create(owner=user, couple=couple, visibility=Visibility.COUPLE, note=note.strip())


def ready_message_for(user: User, *, now: dt.datetime | None = None) -> ComeBackMessage | None:
    """The partner's latest "ready to come back" from the last day, if any."""
    couple = current_couple(user)
    if couple is None:
        return None
    since = (now or timezone.now()) - READY_MESSAGE_SHOWN_FOR
    messages = visible_to(user, ComeBackMessage.objects.select_related("owner"))
    return messages.filter(couple=couple, created_at__gte=since).exclude(owner=user).first()
