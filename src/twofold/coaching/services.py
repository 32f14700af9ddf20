"""The message coach in the product: analyse drafts for the recipient, keep what the author chooses."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction

from twofold.accounts.models import User
from twofold.assessments.services import shared_attachment_pattern
from twofold.coach import HARMFUL, Analysis, analyze
from twofold.coaching.models import KeptDraft
from twofold.couples.services import current_couple, partners_of
from twofold.plan import MessageStat
from twofold.privacy.models import Visibility


def partner_of(user: User) -> User | None:
    couple = current_couple(user)
    if couple is None:
        return None
    return next((p for p in partners_of(couple) if p.pk != user.pk), None)


def recipient_pattern(author: User) -> str | None:
    """The partner's attachment pattern, only when the partner chose to share it."""
    partner = partner_of(author)
    return shared_attachment_pattern(partner) if partner is not None else None


def coach_draft(author: User, text: str, *, to: str | None = None) -> Analysis:
    """Analyse a draft. ``to`` overrides the recipient's pattern; by default the partner's shared one is used.

    Raises :class:`twofold.coach.CoachInputError` for empty or over-long text.
    """
    return analyze(text, recipient_attachment=to or recipient_pattern(author))


@transaction.atomic
def keep_draft(author: User, analysis: Analysis) -> KeptDraft:
    return KeptDraft.objects.create(
        owner=author,
        couple=current_couple(author),
        visibility=Visibility.PRIVATE,
        text=analysis.text,
        findings=[finding.__dict__ for finding in analysis.findings],
        labels=list(analysis.labels),
        harmful_count=sum(1 for label in analysis.labels if label in HARMFUL),
        relief_score=analysis.relief_score,
        flooding=analysis.flooding,
        recipient_attachment=(analysis.rewrite.attachment or "") if analysis.rewrite else "",
        coach_version=analysis.version,
    )


@transaction.atomic
def forget_draft(draft: KeptDraft, author: User) -> None:
    if draft.owner_id != author.pk:
        raise PermissionError("Only the author can remove a kept draft.")
    draft.delete()


def weekly_message_stats(user: User) -> list[MessageStat]:
    """Per ISO week (Monday): kept drafts, harmful labels among them, mean relief score. Counts only, no text."""
    weeks: dict[dt.date, list[KeptDraft]] = defaultdict(list)
    for draft in KeptDraft.objects.filter(owner=user).only("created_at", "harmful_count", "relief_score"):
        day = draft.created_at.date()
        weeks[day - dt.timedelta(days=day.weekday())].append(draft)
    return [
        MessageStat(
            partner=str(user.pk),
            week_start=week,
            messages=len(drafts),
            harmful_labels=sum(d.harmful_count for d in drafts),
            mean_relief=sum(d.relief_score for d in drafts) / len(drafts),
        )
        for week, drafts in sorted(weeks.items())
    ]
