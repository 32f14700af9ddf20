"""Account services: the only place that writes users and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models, transaction
from django.utils import timezone

from twofold.accounts.models import ApiToken, Role, User

TOKEN_PREFIX = "tf_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def create_person(*, email: str, display_name: str, password: str, role: str = Role.PARTNER) -> User:
    return User.objects.create_user(email=email, password=password, display_name=display_name.strip(), role=role)


@transaction.atomic
def rename_person(user: User, display_name: str) -> None:
    user.display_name = display_name.strip()
    user.save(update_fields=["display_name"])


@transaction.atomic
def log_out_everywhere(user: User) -> None:
    """End every browser session of this person (API tokens are revoked separately)."""
    User.objects.filter(pk=user.pk).update(session_epoch=models.F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])


@transaction.atomic
def issue_api_token(user: User, name: str) -> str:
    """Create a token and return it; it cannot be shown again."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name.strip() or "token", digest=_digest(token))
    return token


def user_for_token(token: str) -> User | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    record = ApiToken.objects.select_related("user").filter(digest=_digest(token)).first()
    if record is None or not record.user.is_active:
        return None
    ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
    return record.user


@transaction.atomic
def revoke_api_token(user: User, token_id: int) -> bool:
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return deleted > 0
