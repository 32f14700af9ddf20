"""Journey 2 in a real browser: a hard draft is highlighted, rewritten for the recipient, re-scored as it is edited."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .people import sign_up

pytestmark = pytest.mark.browser


def test_coach_highlights_rewrites_and_suggests_a_pause(live_app, new_page):
    page = new_page()
    sign_up(page, live_app, "jordan-coach@browser.test", "Jordan")

    page.goto(live_app + "/coach/")
    page.get_by_label("What brings your partner relief").select_option("anxious")
    page.get_by_label("What you want to say").fill("You always leave the dishes for me and never notice.")
    result = page.locator("#coach-result")
    expect(result.locator("mark.harmful").first).to_be_visible(timeout=20_000)
    expect(result.get_by_text("criticism").first).to_be_visible()
    variants = result.locator("ol.variants li")
    expect(variants.first).to_be_visible()
    first_variant = variants.first.inner_text().replace("Use this", "").strip()

    variants.first.get_by_role("button", name="Use this").click()
    expect(page.get_by_label("What you want to say")).to_have_value(first_variant)
    expect(result.locator("mark.harmful")).to_have_count(0, timeout=20_000)

    page.get_by_label("What you want to say").fill("WHAT IS WRONG WITH YOU?!?! You are USELESS and selfish, I am SO done!!!")
    pause = result.locator(".pause-suggestion")
    expect(pause).to_be_visible(timeout=20_000)
    expect(pause.get_by_role("link", name="Take a break")).to_have_attribute("href", re.compile("pause"))
