"""The assessments API: instruments, submissions in one go or per section, bad input, sharing."""

from __future__ import annotations

import pytest

from twofold.assessments.models import AssessmentResult, Sitting
from twofold.instruments import get_instrument, score

from .helpers import ANXIOUS, SAFETY_POSITIVE

pytestmark = pytest.mark.django_db
BASE = "/api/v1/assessments"


@pytest.fixture
def maya(personas, client_for):
    return client_for(personas.partner_a)


def post(client, url: str, body: dict | None = None):
    return client.post(url, body or {}, content_type="application/json")


def put(client, url: str, body: dict):
    return client.put(url, body, content_type="application/json")


def nothing_saved() -> bool:
    return not Sitting.objects.exists() and not AssessmentResult.objects.exists()


def test_instruments_list_and_detail(maya):
    listed = {i["id"]: i for i in maya.get(f"{BASE}/instruments").json()}
    assert {"attachment-check", "relationship-checkin", "commitment-stance", "contributing-factors", "safety-screen"} <= set(listed)
    assert listed["ecr-r"]["wording_available"] is False and listed["attachment-check"]["wording_available"] is True
    detail = maya.get(f"{BASE}/instruments/attachment-check").json()
    assert detail["item_list"][0]["text"].startswith("When my partner is slow")
    assert detail["item_list"][0]["scale"]["max"] == 7
    assert [s["id"] for s in detail["sections"]] == ["apart", "close"]
    assert maya.get(f"{BASE}/instruments/ecr-r").json()["item_list"][0]["text"] is None
    assert maya.get(f"{BASE}/instruments/nope").status_code == 404


def test_submitting_in_one_go_scores_like_the_engine(maya):
    response = post(maya, f"{BASE}/instruments/attachment-check/submit", {"answers": ANXIOUS})
    assert response.status_code == 201
    body = response.json()
    assert body["pattern"] == "anxious" and body["visibility"] == "private"
    assert body["scores"] == score(get_instrument("attachment-check"), ANXIOUS).to_dict()
    assert body["version"] == get_instrument("attachment-check").version


@pytest.mark.parametrize(
    ("change", "item", "message"),
    [
        ({"3": None}, "3", "not answered"),
        ({"3": 8}, "3", "8 is outside the scale 1-7"),
        ({"3": "often"}, "3", "expected a whole number, got 'often'"),
        ({"3": 2.5}, "3", "expected a whole number, got 2.5"),
        ({"99": 4}, "99", "attachment-check has no item '99' (items are 1-14)"),
        ({"x": 4}, "x", "attachment-check has no item 'x' (items are 1-14)"),
    ],
)
def test_bad_answers_are_refused_per_item_and_nothing_is_saved(maya, change, item, message):
    answers = {**ANXIOUS, **change}
    response = post(maya, f"{BASE}/instruments/attachment-check/submit", {"answers": answers})
    assert response.status_code == 400
    body = response.json()
    assert message in body["problems"][item]
    assert set(body["problems"]) == {item}
    assert "nothing was saved" in body["detail"]
    assert nothing_saved()


def test_answers_must_be_an_object_and_the_instrument_known(maya):
    assert post(maya, f"{BASE}/instruments/attachment-check/submit", {"answers": [1, 2]}).status_code == 422
    assert post(maya, f"{BASE}/instruments/nope/submit", {"answers": ANXIOUS}).status_code == 404
    assert post(maya, f"{BASE}/sittings", {"instrument": "nope"}).status_code == 404
    assert nothing_saved()


def test_a_sitting_answered_per_section_then_submitted_once(maya):
    sitting = post(maya, f"{BASE}/sittings", {"instrument": "attachment-check"}).json()
    first = {k: v for k, v in ANXIOUS.items() if int(k) <= 7}
    second = {k: v for k, v in ANXIOUS.items() if int(k) > 7}
    saved = put(maya, f"{BASE}/sittings/{sitting['id']}/sections/apart", {"answers": first})
    assert saved.status_code == 200 and saved.json()["answered"] == list(range(1, 8))
    # Resuming returns the same sitting with what was saved.
    assert post(maya, f"{BASE}/sittings", {"instrument": "attachment-check"}).json()["answered"] == list(range(1, 8))
    early = post(maya, f"{BASE}/sittings/{sitting['id']}/submit")
    assert early.status_code == 400 and set(early.json()["problems"]) == {str(n) for n in range(8, 15)}
    wrong_section = put(maya, f"{BASE}/sittings/{sitting['id']}/sections/apart", {"answers": second})
    assert wrong_section.status_code == 400 and "is not on the page" in wrong_section.json()["problems"]["8"]
    assert put(maya, f"{BASE}/sittings/{sitting['id']}/sections/nowhere", {"answers": second}).status_code == 400
    put(maya, f"{BASE}/sittings/{sitting['id']}/sections/close", {"answers": second})
    submitted = post(maya, f"{BASE}/sittings/{sitting['id']}/submit")
    assert submitted.status_code == 201 and submitted.json()["pattern"] == "anxious"
    again = post(maya, f"{BASE}/sittings/{sitting['id']}/submit")
    assert again.status_code == 409 and "already submitted" in again.json()["detail"]
    late = put(maya, f"{BASE}/sittings/{sitting['id']}/sections/close", {"answers": second})
    assert late.status_code == 409
    assert AssessmentResult.objects.count() == 1
    assert maya.get(f"{BASE}/sittings/{sitting['id']}").json()["result_id"] == submitted.json()["id"]


def test_sharing_through_the_api_and_revoking_it(personas, maya, client_for):
    jordan = client_for(personas.partner_b)
    result = post(maya, f"{BASE}/instruments/attachment-check/submit", {"answers": ANXIOUS}).json()
    url = f"{BASE}/results/{result['id']}"
    assert jordan.get(url).status_code == 404
    assert put(maya, f"{url}/sharing", {"visibility": "couple"}).json()["visibility"] == "couple"
    assert jordan.get(url).json()["pattern"] == "anxious"
    put(maya, f"{url}/sharing", {"visibility": "private"})
    assert jordan.get(url).status_code == 404
    assert put(maya, f"{url}/sharing", {"visibility": "everyone"}).status_code == 422


def test_a_safety_result_cannot_be_shared_through_the_api(personas, maya, client_for):
    result = post(maya, f"{BASE}/instruments/safety-screen/submit", {"answers": SAFETY_POSITIVE}).json()
    refused = put(maya, f"{BASE}/results/{result['id']}/sharing", {"visibility": "couple"})
    assert refused.status_code == 400 and "always stays private" in refused.json()["detail"]
    assert client_for(personas.partner_b).get(f"{BASE}/results").json() == []
