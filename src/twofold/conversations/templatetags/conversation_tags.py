"""Read-only panel for the couple home: the partner's "ready to come back" and the practice links."""

from __future__ import annotations

from django import template

from twofold.conversations import services

register = template.Library()


@register.inclusion_tag("conversations/practice_panel.html", takes_context=True)
def practice_panel(context) -> dict:
    user = context["request"].user
    return {"ready": services.ready_message_for(user)}
