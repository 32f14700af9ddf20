"""Journey 1 in a real browser: both partners take the attachment check, share it, and read the relief guide."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .people import sign_up

pytestmark = pytest.mark.browser



def leaning(anxiety: int, avoidance: int) -> dict[int, int]:
    """Answers whose anxiety and avoidance scores are exactly these (1-7)."""
    reversed_items = {3, 4, 10, 11, 14}
    answers = {}
    for number in range(1, 15):
        keyed = anxiety if number % 2 else avoidance  # odd items measure anxiety, even ones avoidance
        answers[number] = 8 - keyed if number in reversed_items else keyed
    return answers



def take_attachment_check(page: Page, base: str, answers: dict[int, int]) -> None:
    page.goto(base + "/assessments/")
    page.get_by_role("region", name="Questionnaires").get_by_role("link", name="Attachment check").click()
    page.get_by_role("button", name="Start").click()
    for section, numbers in ((1, range(1, 8)), (2, range(8, 15))):
        expect(page.get_by_text(f"Section {section} of 2")).to_be_visible()
        for number in numbers:
            page.locator(f'input[name="item_{number}"][value="{answers[number]}"]').check()
        page.get_by_role("button", name="Save and continue" if section == 1 else "Save and see my result").click()


def share_with_partner(page: Page) -> None:
    page.get_by_label("Me and my partner", exact=True).check()
    page.get_by_role("button", name="Save sharing").click()
    expect(page.get_by_text("Now visible to: me and my partner.")).to_be_visible()


def test_both_partners_share_their_attachment_check_and_see_the_relief_guide(live_app, new_page):
    maya, jordan = new_page(), new_page()
    sign_up(maya, live_app, "maya@assess.test", "Maya")
    maya.get_by_role("button", name="Create").click()
    code = maya.locator("#invite-code").inner_text()
    sign_up(jordan, live_app, "jordan@assess.test", "Jordan")
    jordan.get_by_label("Invitation code").fill(code)
    jordan.get_by_role("button", name="Join").click()
    expect(jordan.get_by_text("Shared by Maya and Jordan")).to_be_visible()

    take_attachment_check(maya, live_app, leaning(anxiety=6, avoidance=2))
    expect(maya.get_by_role("heading", name="Closest to: anxious (preoccupied)")).to_be_visible()
    expect(maya.locator("svg[role=img]")).to_be_visible()

    # Before Jordan shares, Maya's guide says so kindly and shows only her own part.
    share_with_partner(maya)
    maya.goto(live_app + "/assessments/relief-guide/")
    expect(maya.get_by_text("Jordan has not shared an attachment check with you yet")).to_be_visible()

    take_attachment_check(jordan, live_app, leaning(anxiety=2, avoidance=6))
    expect(jordan.get_by_role("heading", name="Closest to: avoidant (dismissing)")).to_be_visible()
    share_with_partner(jordan)

    for page, me, partner, partner_name in ((maya, "anxious", "avoidant", "Jordan"), (jordan, "avoidant", "anxious", "Maya")):
        page.goto(live_app + "/assessments/relief-guide/")
        expect(page.get_by_role("heading", name=f"You ({me}) and {partner_name} ({partner})")).to_be_visible()
        expect(page.get_by_role("heading", name=f"What helps {partner_name} feel relief")).to_be_visible()
        expect(page.get_by_role("heading", name="What helps you feel relief")).to_be_visible()
