"""Journey 3 in a real browser: two partners take turns in the room until both feel heard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .people import sign_up

pytestmark = pytest.mark.browser


def form_couple(maya: Page, jordan: Page, base: str) -> None:
    sign_up(maya, base, "maya@talk.test", "Maya")
    maya.get_by_role("button", name="Create").click()
    code = maya.locator("#invite-code").inner_text()
    sign_up(jordan, base, "jordan@talk.test", "Jordan")
    jordan.get_by_label("Invitation code").fill(code)
    jordan.get_by_role("button", name="Join").click()
    expect(jordan.get_by_role("heading", name="Your couple space")).to_be_visible()


def test_lean_in_round_until_both_feel_heard(live_app, new_page):
    maya, jordan = new_page(), new_page()
    form_couple(maya, jordan, live_app)

    maya.get_by_role("link", name="Talk").click()
    maya.get_by_role("button", name="Start a conversation").click()
    expect(maya).to_have_url(re.compile(r"/conversations/\d+/$"))
    jordan.goto(maya.url)

    maya.get_by_label("Topic").fill("Feeling alone on weekends")
    maya.get_by_role("button", name="Choose topic").click()
    # The first turn loads the coach's models in the server: slow on a cold, busy machine.
    expect(maya.get_by_role("button", name="I speak first")).to_be_visible(timeout=120_000)
    maya.get_by_role("button", name="I speak first").click()
    maya.get_by_label("What you feel").fill("I feel lonely on weekends when you work.")
    maya.get_by_role("button", name="Share").click()

    expect(jordan.locator("#turns")).to_contain_text("I feel lonely on weekends when you work.")
    jordan.get_by_label("What you heard").fill("But you never make time for me either.")
    jordan.get_by_role("button", name="Reflect back").click()
    expect(jordan.locator("#prompt")).to_contain_text("but you")
    expect(maya.locator("#turns")).not_to_contain_text("never make time")
    jordan.get_by_label("What you heard").fill("It makes sense that you feel lonely on weekends when I work.")
    jordan.get_by_role("button", name="Reflect back").click()

    maya.get_by_role("button", name="I feel heard").click()
    expect(jordan.get_by_label("What you feel")).to_be_visible()
    jordan.get_by_label("What you feel").fill("It's hard for me to stay open when I feel blamed.")
    jordan.get_by_role("button", name="Share").click()
    maya.get_by_label("What you heard").fill(
        "It makes sense you feel that way; I can see how blame makes it hard to stay open."
    )
    maya.get_by_role("button", name="Reflect back").click()
    jordan.get_by_role("button", name="I feel heard").click()

    for page in (maya, jordan):
        expect(page.get_by_role("heading", name="Summary")).to_be_visible()
        expect(page.locator("#summary")).to_contain_text("Both of you felt heard.")
        expect(page.locator("#summary")).to_contain_text("Positive to negative moves")
    maya.get_by_role("link", name="Keep it in your history").click()
    expect(maya.get_by_text("The turning point")).to_be_visible()
