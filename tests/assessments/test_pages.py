"""Taking instruments through the pages: sections, progress, resuming, errors, results, sharing, safety."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from django.test import override_settings
from django.urls import reverse

from twofold.assessments.models import AssessmentResult, Sitting
from twofold.instruments import get_instrument, score

from .helpers import ANXIOUS, AVOIDANT, SAFETY_NEGATIVE, SAFETY_POSITIVE

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    """What the tests check on every page: one h1, landmarks, every control labelled, checked radios."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.h1, self.landmarks, self.unlabelled, self.checked = 0, set(), [], {}
        self._in_label, self._label_for = 0, set()
        self._controls: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "h1":
            self.h1 += 1
        elif tag in {"main", "nav", "header", "footer"}:
            self.landmarks.add(tag)
        elif tag == "label":
            self._in_label += 1
            self._label_for.add(attrs.get("for", ""))
        elif tag in {"input", "textarea", "select"} and attrs.get("type") not in {"hidden", "submit"}:
            self._controls.append({**attrs, "_wrapped": self._in_label > 0})
            if attrs.get("type") == "radio" and "checked" in attrs:
                self.checked[attrs["name"]] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "label":
            self._in_label -= 1

    def problems(self) -> list[str]:
        found = [f"{self.h1} h1"] if self.h1 != 1 else []
        found += [f"no {landmark}" for landmark in ("main", "nav", "header", "footer") if landmark not in self.landmarks]
        found += [f"unlabelled {c.get('name')}" for c in self._controls if not c["_wrapped"] and c.get("id") not in self._label_for]
        return found


def fields(answers: dict, numbers) -> dict[str, object]:
    return {f"item_{n}": answers[str(n)] for n in numbers}


def test_taking_the_attachment_check_section_by_section(personas, client_for):
    client = client_for(personas.partner_a)
    intro = client.get(reverse("assessments:instrument", args=["attachment-check"]))
    assert "Start" in intro.content.decode() and Page(intro.content.decode()).problems() == []
    first = client.post(reverse("assessments:start", args=["attachment-check"]))
    sitting = Sitting.objects.get(person=personas.partner_a)
    assert first.url == reverse("assessments:page", args=[sitting.pk, 1])
    page = client.get(first.url).content.decode()
    assert "Section 1 of 2" in page and "When we are apart" in page
    assert Page(page).problems() == []

    client.post(first.url, fields(ANXIOUS, range(1, 8)))
    # Leave and come back: the intro offers to continue, and starting again resumes on section 2.
    assert "Continue where you left off" in client.get(reverse("assessments:instrument", args=["attachment-check"])).content.decode()
    resumed = client.post(reverse("assessments:start", args=["attachment-check"]))
    assert resumed.url == reverse("assessments:page", args=[sitting.pk, 2])
    assert "Section 2 of 2" in client.get(resumed.url).content.decode()
    back = Page(client.get(reverse("assessments:page", args=[sitting.pk, 1])).content.decode())
    assert back.checked == {f"item_{n}": str(ANXIOUS[str(n)]) for n in range(1, 8)}

    done = client.post(resumed.url, fields(ANXIOUS, range(8, 15)))
    stored = AssessmentResult.objects.get(owner=personas.partner_a)
    assert done.url == reverse("assessments:result", args=[stored.pk])
    assert stored.scores == score(get_instrument("attachment-check"), ANXIOUS).to_dict()
    result = client.get(done.url)
    html = result.content.decode()
    assert "Closest to: anxious" in html and "midpoint 4.0" in html and "not a diagnosis" in html
    assert "<strong>7.0</strong>" in html and "<strong>1.0</strong>" in html
    assert Page(html).problems() == []
    # The history chart is inline SVG that a strict CSP allows: no style attributes, no scripts.
    chart = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in chart and "<title" in chart and "style=" not in chart and "<script" not in chart
    assert "unsafe-inline" not in result["Content-Security-Policy"]


def test_a_second_submission_of_the_same_sitting_changes_nothing(personas, client_for):
    client = client_for(personas.partner_a)
    client.post(reverse("assessments:start", args=["attachment-check"]))
    sitting = Sitting.objects.get()
    client.post(reverse("assessments:page", args=[sitting.pk, 1]), fields(AVOIDANT, range(1, 8)))
    client.post(reverse("assessments:page", args=[sitting.pk, 2]), fields(AVOIDANT, range(8, 15)))
    again = client.post(reverse("assessments:page", args=[sitting.pk, 2]), fields(ANXIOUS, range(8, 15)))
    assert again.url == reverse("assessments:result", args=[sitting.result.pk])
    assert AssessmentResult.objects.get().pattern == "avoidant"


def test_bad_answers_get_a_message_per_item_and_keep_what_was_typed(personas, client_for):
    client = client_for(personas.partner_a)
    client.post(reverse("assessments:start", args=["attachment-check"]))
    sitting = Sitting.objects.get()
    posted = {**fields(ANXIOUS, range(1, 8)), "item_2": "9", "item_3": "abc"}
    del posted["item_5"]
    response = client.post(reverse("assessments:page", args=[sitting.pk, 1]), posted)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["item_2"] == ["9 is outside the scale 1-7"]
    assert errors["item_3"] == ["expected a whole number, got 'abc'"]
    assert errors["item_5"] == ["Please answer this one."]
    assert set(errors) == {"item_2", "item_3", "item_5"}
    assert Page(response.content.decode()).checked["item_1"] == "7"  # kept
    assert Page(response.content.decode()).problems() == []
    sitting.refresh_from_db()
    assert sitting.answers == {} and not AssessmentResult.objects.exists()


def test_unknown_instruments_and_pages_are_404(personas, client_for):
    client = client_for(personas.partner_a)
    assert client.get(reverse("assessments:instrument", args=["no-such-thing"])).status_code == 404
    assert client.post(reverse("assessments:start", args=["no-such-thing"])).status_code == 404
    client.post(reverse("assessments:start", args=["attachment-check"]))
    assert client.get(reverse("assessments:page", args=[Sitting.objects.get().pk, 3])).status_code == 404


def test_published_keys_are_offered_only_with_licensed_wording(personas, client_for, tmp_path):
    client = client_for(personas.partner_a)
    assert "ecr-r" not in client.get(reverse("assessments:index")).content.decode()
    assert client.get(reverse("assessments:instrument", args=["ecr-r"])).status_code == 404
    key = get_instrument("ecr-r")
    wording = {"instrument": key.id, "version": key.version, "items": {str(i.number): f"Placeholder {i.number}" for i in key.items}}
    (tmp_path / "ecr-r.json").write_text(json.dumps(wording))
    with override_settings(TWOFOLD_ITEM_WORDING_DIR=str(tmp_path)):
        assert reverse("assessments:instrument", args=["ecr-r"]) in client.get(reverse("assessments:index")).content.decode()
        client.post(reverse("assessments:start", args=["ecr-r"]))
        page = client.get(reverse("assessments:page", args=[Sitting.objects.get().pk, 1])).content.decode()
        assert "Placeholder 36" in page


def test_a_positive_safety_screen_shows_help_and_a_quick_exit(personas, client_for):
    client = client_for(personas.partner_a)
    client.post(reverse("assessments:start", args=["safety-screen"]))
    sitting = Sitting.objects.get()
    client.post(reverse("assessments:page", args=[sitting.pk, 1]), fields(SAFETY_POSITIVE, range(1, 8)))
    done = client.post(reverse("assessments:page", args=[sitting.pk, 2]), fields(SAFETY_POSITIVE, range(8, 12)))
    assert done.url == reverse("assessments:safety")
    html = client.get(done.url).content.decode()
    for number in ("988", "1-800-799-7233", "START to 88788", "911"):
        assert number in html
    assert f'href="{reverse("web:neutral")}"' in html
    assert Page(html).problems() == []
    own = client.get(reverse("assessments:result", args=[sitting.result.pk])).content.decode()
    assert "Working on the relationship together is not advised" in own and "Save sharing" not in own
    neutral = client_for(personas.partner_b).get(reverse("web:neutral")).content.decode()
    assert "<title>Weather</title>" in neutral and "Twofold" not in neutral


def test_a_negative_safety_screen_goes_to_its_private_result(personas, client_for):
    client = client_for(personas.partner_a)
    client.post(reverse("assessments:start", args=["safety-screen"]))
    sitting = Sitting.objects.get()
    client.post(reverse("assessments:page", args=[sitting.pk, 1]), fields(SAFETY_NEGATIVE, range(1, 8)))
    done = client.post(reverse("assessments:page", args=[sitting.pk, 2]), fields(SAFETY_NEGATIVE, range(8, 12)))
    assert done.url == reverse("assessments:result", args=[sitting.result.pk])
    assert "did not point to a safety concern" in client.get(done.url).content.decode()


def test_sharing_from_the_result_page_and_revoking_it(personas, client_for):
    maya, jordan = client_for(personas.partner_a), client_for(personas.partner_b)
    from twofold.assessments.services import submit_answers

    stored = submit_answers(personas.partner_a, get_instrument("attachment-check"), ANXIOUS)
    url = reverse("assessments:result", args=[stored.pk])
    assert jordan.get(url).status_code == 404
    maya.post(reverse("assessments:share", args=[stored.pk]), {"visibility": "couple"})
    assert jordan.get(url).status_code == 200
    assert "Closest to: anxious" in jordan.get(url).content.decode()
    maya.post(reverse("assessments:share", args=[stored.pk]), {"visibility": "private"})
    assert jordan.get(url).status_code == 404
    refused = maya.post(reverse("assessments:share", args=[stored.pk]), {"visibility": "everyone"}, follow=True)
    assert "Choose who can see it" in refused.content.decode()


def test_the_relief_guide_page(personas, client_for):
    from twofold.assessments.services import change_sharing, submit_answers

    mine = submit_answers(personas.partner_a, get_instrument("attachment-check"), ANXIOUS)
    theirs = submit_answers(personas.partner_b, get_instrument("attachment-check"), AVOIDANT)
    change_sharing(personas.partner_a, mine.pk, "couple")
    page = client_for(personas.partner_a).get(reverse("assessments:relief")).content.decode()
    assert "Jordan has not shared an attachment check with you yet" in page and "What helps you feel relief" in page
    assert Page(page).problems() == []
    change_sharing(personas.partner_b, theirs.pk, "couple")
    page = client_for(personas.partner_a).get(reverse("assessments:relief")).content.decode()
    assert "You (anxious) and Jordan (avoidant)" in page and "What helps Jordan feel relief" in page


def test_couple_home_links_to_assessments(personas, client_for):
    home = reverse("couples:home", args=[personas.couple.pk])
    assert reverse("assessments:relief") in client_for(personas.partner_a).get(home).content.decode()
    therapist = client_for(personas.therapist)
    assert reverse("assessments:couple", args=[personas.couple.pk]) in therapist.get(home).content.decode()
    overview = therapist.get(reverse("assessments:couple", args=[personas.couple.pk])).content.decode()
    assert Page(overview).problems() == []
    assert Page(therapist.get(reverse("assessments:index")).content.decode()).problems() == []
