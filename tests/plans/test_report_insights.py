"""The couple insights in the plan report: readings and the two charts, for whoever may read them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils.html import escape

from tests.plans.helpers import agreed_plan, noon
from twofold.conversations.models import Conversation, ConversationTurn
from twofold.couple_insights.services import insights_for
from twofold.plans import report

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 4)
HEADING = "Patterns in shared conversations"
# A tense talk in each of two weeks: criticism met by stonewalling, with some warmth in between.
SCRIPT = [
    ("a", ("criticism",)), ("b", ("stonewalling",)), ("a", ("criticism",)), ("b", ("stonewalling",)),
    ("a", ("criticism", "contempt")), ("b", ("stonewalling",)), ("a", ("i_statement",)), ("b", ("validation",)),
]


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(noon(TODAY), tick=False)


@pytest.fixture
def plan(personas):
    return agreed_plan(personas.therapist, personas.couple, (personas.partner_a, personas.partner_b), start=TODAY)


def talk(personas, visibility: str, *, days_ago: int) -> Conversation:
    start = noon(TODAY - timedelta(days=days_ago))
    conversation = Conversation.objects.create(
        owner=personas.partner_a, couple=personas.couple, visibility=visibility, partner_a=personas.partner_a,
        partner_b=personas.partner_b, phase="complete", started_at=start, ended_at=start + timedelta(minutes=20),
    )
    for index, (who, labels) in enumerate(SCRIPT):
        ConversationTurn.objects.create(
            conversation=conversation, index=index, author=personas.partner_a if who == "a" else personas.partner_b,
            role="speaker", kind="share", text="(words)", labels=list(labels), accepted=True, private=False,
            at=start + timedelta(minutes=index),
        )
    return conversation


def _report(client, couple_id: int) -> str:
    response = client.get(f"/plans/{couple_id}/report/")
    assert response.status_code == 200
    return response.content.decode()


def test_therapist_and_partners_read_the_insights_in_the_report(personas, plan, client_for):
    talk(personas, "couple_and_therapist", days_ago=10)
    talk(personas, "couple_and_therapist", days_ago=3)
    for who in ("therapist", "partner_a", "partner_b"):
        viewer = personas.all()[who]
        html = _report(client_for(viewer), personas.couple.pk)
        assert HEADING in html, who
        readings = insights_for(viewer, personas.couple).readings
        assert set(readings) >= {"ratio", "cycles", "startups", "repair", "trend:Maya", "trend:Jordan"}
        for reading in readings.values():
            assert escape(reading) in html, (who, reading)
        assert 'id="ratio-chart-title"' in html and 'id="harmful-trend-chart-title"' in html, who
        assert "style=" not in html.split("<main", 1)[1]  # CSP: the charts carry no inline styles


def test_no_insights_section_when_there_is_nothing_to_read(personas, plan, client_for):
    for who in ("therapist", "partner_a"):
        html = _report(client_for(personas.all()[who]), personas.couple.pk)
        assert HEADING not in html and 'id="ratio-chart-title"' not in html
    assert report.insights_part(personas.therapist, personas.couple) is None


def test_a_conversation_kept_between_the_partners_stays_out_of_the_therapists_report(personas, plan, client_for):
    talk(personas, "couple", days_ago=3)
    assert HEADING not in _report(client_for(personas.therapist), personas.couple.pk)
    assert HEADING in _report(client_for(personas.partner_b), personas.couple.pk)
    assert report.insights_part(personas.therapist, personas.couple) is None
    part = report.insights_part(personas.partner_a, personas.couple)
    assert part is not None and part.ratio_chart and part.harmful_chart
    assert ("Cycles", insights_for(personas.partner_a, personas.couple).cycle_summary.reading) in part.readings


def test_the_pdf_carries_the_insights(personas, plan):
    talk(personas, "couple_and_therapist", days_ago=3)
    html = report.html(personas.therapist, "therapist", plan, today=TODAY)
    assert HEADING in html and 'id="ratio-chart-title"' in html
    assert report.pdf(personas.therapist, "therapist", plan, today=TODAY).startswith(b"%PDF")

