"""Journey 1's start, in a real browser: two partners form a couple, a therapist is let in by both."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .people import sign_up

pytestmark = pytest.mark.browser




def test_partners_join_by_code_and_therapist_needs_both(live_app, new_page):
    maya, jordan, rivera = new_page(), new_page(), new_page()

    sign_up(maya, live_app, "maya@browser.test", "Maya")
    expect(maya.get_by_role("heading", name="Set up your couple space")).to_be_visible()
    maya.get_by_role("button", name="Create").click()
    code = maya.locator("#invite-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{8}", code)

    sign_up(jordan, live_app, "jordan@browser.test", "Jordan")
    jordan.get_by_label("Invitation code").fill("WRONG123")
    jordan.get_by_role("button", name="Join").click()
    expect(jordan.get_by_text("could not find that invitation")).to_be_visible()
    jordan.get_by_label("Invitation code").fill(code)
    jordan.get_by_role("button", name="Join").click()
    expect(jordan.get_by_role("heading", name="Your couple space")).to_be_visible()
    expect(jordan.get_by_text("Shared by Maya and Jordan")).to_be_visible()
    maya.reload()
    expect(maya.get_by_text("Shared by Maya and Jordan")).to_be_visible()

    sign_up(rivera, live_app, "rivera@browser.test", "Dr Rivera", role="therapist")
    expect(rivera.get_by_role("heading", name="My couples")).to_be_visible()
    maya.get_by_label("Therapist's e-mail (optional)").fill("rivera@browser.test")
    maya.get_by_role("button", name="Invite a therapist").click()
    expect(maya.get_by_text("Therapist invited")).to_be_visible()

    rivera.reload()
    rivera.get_by_role("button", name="Accept", exact=True).click()
    expect(rivera.get_by_text("No couple has given you access yet.")).to_be_visible()
    expect(rivera.get_by_text("1 invitation waiting for both partners to agree")).to_be_visible()

    jordan.reload()
    jordan.get_by_role("button", name="I agree to share with this therapist").click()
    expect(jordan.get_by_text("has access")).to_be_visible()

    rivera.reload()
    rivera.get_by_role("link", name="Maya & Jordan").click()
    expect(rivera.get_by_text("You see what this couple chose to share with you.")).to_be_visible()

    jordan.get_by_role("button", name="End access").click()
    rivera.reload()
    assert rivera.title() != "" and "Not Found" in rivera.content()
