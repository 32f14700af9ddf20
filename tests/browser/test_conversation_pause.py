"""Journey 3 with a break: two partners pause mid-round, both see the break, resume, and finish.

Runs against a server whose shortest break is a few seconds (``live_app_short_pause``),
so the resume is legal soon after the pause without touching any clock.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .test_conversation_journey import form_couple

pytestmark = pytest.mark.browser

# The first turn loads the coach's models in the server: slow on a cold, busy 2-core machine.
FIRST_COACH_CALL_MS = 180_000
STEP_MS = 30_000


def expect_paused(page: Page, by: str) -> None:
    panel = page.locator("#pause-panel")
    expect(panel).to_be_visible(timeout=STEP_MS)
    expect(panel.get_by_role("heading", name="Paused")).to_be_visible()
    expect(page.locator("#pause-text")).to_contain_text(f"{by} asked for a break. Agreed time to come back:")
    expect(panel.get_by_role("heading", name="Breathe with the circle")).to_be_visible()
    expect(panel.locator(".breath-text")).to_contain_text(re.compile(r"Breathe (in|out)… \d+ seconds"))
    # Nobody can carry on with the round during the break.
    expect(page.locator("#reflect-form")).to_be_hidden()
    expect(page.locator("#pause-form")).to_be_hidden()


def test_round_with_one_pause_and_resume_until_both_feel_heard(live_app_short_pause, new_page):
    base = live_app_short_pause
    maya, jordan = new_page(), new_page()
    for page in (maya, jordan):
        page.set_default_timeout(STEP_MS)
    form_couple(maya, jordan, base)

    maya.get_by_role("link", name="Talk").click()
    maya.get_by_role("button", name="Start a conversation").click()
    expect(maya).to_have_url(re.compile(r"/conversations/\d+/$"))
    jordan.goto(maya.url)

    maya.get_by_label("Topic").fill("Feeling alone on weekends")
    maya.get_by_role("button", name="Choose topic").click()
    expect(maya.get_by_role("button", name="I speak first")).to_be_visible(timeout=FIRST_COACH_CALL_MS)
    maya.get_by_role("button", name="I speak first").click()
    maya.get_by_label("What you feel").fill("I feel lonely on weekends when you work.")
    maya.get_by_role("button", name="Share").click()
    expect(jordan.locator("#turns")).to_contain_text("I feel lonely on weekends when you work.")
    expect(jordan.get_by_label("What you heard")).to_be_visible()

    # Jordan feels flooded and asks for the shortest break on offer (3 seconds on this server).
    expect(jordan.get_by_label("Come back")).to_have_value("0.05")
    jordan.get_by_role("button", name="Pause", exact=True).click()
    expect_paused(jordan, "You")
    expect_paused(maya, "Jordan")
    for page in (maya, jordan):
        expect(page.locator("#turns")).to_contain_text("asked for a pause")

    # Both screens count down; once the minimum has passed, either partner may resume.
    for page in (maya, jordan):
        expect(page.locator("#pause-countdown")).to_contain_text("The break is long enough", timeout=STEP_MS)
    maya.get_by_role("button", name="Resume").click()
    for page in (maya, jordan):
        expect(page.locator("#pause-panel")).to_be_hidden()
        expect(page.locator("#turns")).to_contain_text("resumed")
    expect(maya.locator("#room-error")).to_be_hidden()

    # The round carries on where it stopped: Jordan still reflects.
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
        summary = page.locator("#summary")
        expect(summary).to_contain_text("Both of you felt heard.")
        expect(summary).to_contain_text("Felt heard: Maya, Jordan")
        expect(summary).to_contain_text("Positive to negative moves")
        expect(page.locator("#room-status")).to_have_text("Complete: both of you felt heard.")
