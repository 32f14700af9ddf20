"""Time to build a 12-week plan report: the picture (signals and charts), the HTML, and the PDF.

    python bench/report_pdf.py [--repeat 3]

Builds a throwaway SQLite database in a temporary folder with one couple, a
consenting therapist and a 12-week plan (weekly sessions, homework, check-ins),
then renders the therapist's report ``--repeat`` times. Prints seconds per step
and the PDF size; never pass/fail.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import UTC, date, datetime, time as clock, timedelta


def _setup(folder: str) -> None:
    os.environ.update(TWOFOLD_DATA_DIR=folder, TWOFOLD_SECRET_KEY="bench-" + "x" * 40,
                      DJANGO_SETTINGS_MODULE="twofold.django_settings")
    os.environ.pop("TWOFOLD_DATABASE_URL", None)
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    from twofold.privacy.crypto import new_key

    settings.TWOFOLD_ENCRYPTION_KEYS = (new_key(),)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)


def _twelve_weeks(start: date):
    import time_machine

    from twofold.accounts.services import create_person
    from twofold.assessments.services import change_sharing, submit_answers
    from twofold.couples import services as couples
    from twofold.instruments import get_instrument
    from twofold.plans import services

    def at(day: date) -> datetime:
        return datetime.combine(day, clock(12), tzinfo=UTC)

    with time_machine.travel(at(start), tick=False) as traveller:
        sam, alex = (create_person(email=f"{n}@bench.test", display_name=n.title(), password="p" * 20)
                     for n in ("sam", "alex"))
        rivera = create_person(email="rivera@bench.test", display_name="Dr Rivera", password="p" * 20,
                               role="therapist")
        couple = couples.create_couple(sam, "Sam & Alex")
        couples.join_couple(alex, code=couples.open_partner_invite(couple).code)
        link = couples.invite_therapist(couple, sam, rivera.email)
        couples.claim_therapist_link(rivera, code=link.code)
        couples.accept_therapist(link, alex)
        plan = services.propose_plan(rivera, couple, start=start, goals=["Two calm talks a week"])
        for partner in (sam, alex):
            services.agree_to_plan(partner, plan)
        for week in range(12):
            day = start + timedelta(weeks=week)
            traveller.move_to(at(day))
            session = services.schedule_session(rivera, plan, on=day)
            services.record_attendance(rivera, session, {sam.pk: "attended",
                                                         alex.pk: "no_show" if week % 4 == 3 else "attended"})
            services.write_session_note(rivera, session, f"Week {week + 1}: steady.")
            homework = services.assign_homework(rivera, plan, title=f"Exercise {week + 1}", due=day + timedelta(6),
                                                partners=[sam, alex])
            services.complete_homework(sam, homework.assignments.get(partner=sam), reflection="Done together.")
            for partner, value in ((sam, 4 + week % 3), (alex, 3 + week % 2)):
                answers = {**{str(n): value for n in (1, 2, 3, 5)}, "4": 8 - value}
                result = submit_answers(partner, get_instrument("relationship-checkin"), answers)
                change_sharing(partner, result.pk, "couple_and_therapist")
    return rivera, plan, start + timedelta(weeks=12)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _setup(folder)
        from twofold.plans import present, report

        rivera, plan, today = _twelve_weeks(date(2026, 1, 5))
        for run in range(1, args.repeat + 1):
            t0 = time.perf_counter()
            present.picture(rivera, "therapist", plan, today=today)
            t1 = time.perf_counter()
            page = report.html(rivera, "therapist", plan, today=today)
            t2 = time.perf_counter()
            pdf = report.pdf(rivera, "therapist", plan, today=today)
            t3 = time.perf_counter()
            print(f"run {run}: picture {t1 - t0:.2f}s · html (with picture) {t2 - t1:.2f}s · "
                  f"pdf (with html) {t3 - t2:.2f}s · {len(page) / 1024:.0f} KiB html, {len(pdf) / 1024:.0f} KiB pdf")


if __name__ == "__main__":
    main()
