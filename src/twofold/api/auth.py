"""API authentication: the browser session (with CSRF) or a personal bearer token."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from twofold.accounts.services import user_for_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


AUTH = [SessionAuth(csrf=True), TokenAuth()]
