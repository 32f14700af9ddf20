"""Journey 4 in a real browser: a plan proposed and agreed, sessions with no-shows, the roster's status,
homework assigned and done with a reflection, both partners' paths at the review, and the PDF report."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from .people import sign_up

pytestmark = pytest.mark.browser

REFLECTION = "We walked to the river and talked about the summer."
EFFORT = "Put everything into the relationship for a set time, with separation off the table until then."



def record_session(rivera: Page, sam_mark: str, alex_mark: str) -> None:
    rivera.get_by_role("link", name="Add a session").click()
    rivera.get_by_role("button", name="Add session").click()
    rivera.get_by_label("Sam", exact=True).select_option(sam_mark)
    rivera.get_by_label("Alex", exact=True).select_option(alex_mark)
    rivera.get_by_role("button", name="Save attendance").click()
    expect(rivera.get_by_text("Attendance saved.")).to_be_visible()
    rivera.get_by_role("link", name="Back to the plan").click()


def test_plan_agreed_session_missed_roster_at_risk(live_app, new_page):
    sam, alex, rivera = new_page(), new_page(), new_page()
    sign_up(sam, live_app, "sam@plan.test", "Sam")
    sam.get_by_role("button", name="Create").click()
    code = sam.locator("#invite-code").inner_text()
    sign_up(alex, live_app, "alex@plan.test", "Alex")
    alex.get_by_label("Invitation code").fill(code)
    alex.get_by_role("button", name="Join").click()
    sign_up(rivera, live_app, "rivera@plan.test", "Dr Rivera", role="therapist")
    sam.reload()
    sam.get_by_label("Therapist's e-mail (optional)").fill("rivera@plan.test")
    sam.get_by_role("button", name="Invite a therapist").click()
    rivera.reload()
    rivera.get_by_role("button", name="Accept", exact=True).click()
    alex.reload()
    alex.get_by_role("button", name="I agree to share with this therapist").click()

    rivera.reload()
    roster = rivera.locator("#roster")
    expect(roster).to_contain_text("No plan yet")
    roster.get_by_role("link", name="Propose a plan").click()
    rivera.get_by_label("Goals, one per line").fill("Two calm talks a week\nDecide together at the review")
    rivera.get_by_role("button", name="Propose the plan").click()
    expect(rivera.get_by_text("Plan proposed.")).to_be_visible()
    expect(rivera.locator("#agreements")).to_contain_text("Sam: has not agreed yet")

    for partner in (sam, alex):
        partner.get_by_role("link", name="Plan", exact=True).click()
        partner.get_by_role("button", name="I agree to this plan").click()
        expect(partner.get_by_text("You agreed to the plan.")).to_be_visible()
    expect(alex.locator("#agreements")).to_contain_text("Sam: agreed")

    rivera.reload()
    expect(rivera.locator("#agreements")).to_contain_text("Alex: agreed")
    record_session(rivera, "attended", "no_show")
    expect(rivera.locator("#sessions")).to_contain_text("no-show")
    record_session(rivera, "attended", "no_show")

    rivera.get_by_role("link", name="My couples").click()
    expect(roster).to_contain_text("At risk")
    expect(roster).to_contain_text("Alex missed 2 of the last 2 sessions")

    roster.get_by_role("link", name="Open plan").click()
    rivera.get_by_role("link", name="Assign homework or a reading").click()
    rivera.get_by_label("Title").fill("A walk together without phones")
    rivera.get_by_label("Due date").fill((date.today() + timedelta(days=7)).isoformat())
    rivera.get_by_label("Both partners").check()
    rivera.get_by_role("button", name="Assign").click()
    expect(rivera.get_by_text("Homework assigned.")).to_be_visible()

    sam.reload()
    sam.get_by_label("Your reflection (optional)").fill(REFLECTION)
    sam.get_by_label("Let my partner read my reflection").check()
    sam.get_by_role("button", name="Mark done").click()
    expect(sam.get_by_text("Marked done. Thank you.")).to_be_visible()
    expect(sam.locator(".homework")).to_contain_text("for you, due")
    expect(sam.locator(".homework")).to_contain_text("done on time")
    alex.reload()
    expect(alex.locator(".homework")).to_contain_text("Sam's reflection: " + REFLECTION)
    expect(alex.locator(".homework")).to_contain_text("not due yet")
    rivera.reload()
    expect(rivera.locator(".homework")).to_contain_text("done on time")
    expect(rivera.locator(".homework")).to_contain_text(REFLECTION)

    for partner in (sam, alex):
        partner.get_by_role("link", name="The three paths and your choice").click()
        partner.get_by_label(EFFORT).check()
        partner.get_by_label("Weeks of all-out effort (only for that path)").fill("12")
        partner.get_by_role("button", name="Record my choice").click()
        expect(partner.get_by_text("Your choice is recorded.")).to_be_visible()
    alex.get_by_role("link", name="The three paths and your choice").click()
    expect(alex.locator("#choices")).to_contain_text("Sam: " + EFFORT)
    expect(alex.locator("#choices")).to_contain_text("Alex: " + EFFORT)
    expect(alex.get_by_text("You both chose the same path.")).to_be_visible()

    rivera.reload()
    expect(rivera.locator("#choices")).to_contain_text("Alex: " + EFFORT)
    with rivera.expect_download() as download:
        rivera.get_by_role("link", name="Report as PDF").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    expect(sam.get_by_text("Alex missed")).to_have_count(0)
