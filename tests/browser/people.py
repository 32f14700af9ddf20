"""Acting as a person in the browser: signing up."""

from __future__ import annotations

from playwright.sync_api import Page

PASSWORD = "a-long-browser-passphrase-7"


def sign_up(page: Page, base: str, email: str, name: str, role: str = "partner") -> None:
    page.goto(base + "/accounts/signup/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Your first name").fill(name)
    page.get_by_label("Therapist or coach" if role == "therapist" else "Partner", exact=True).check()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
