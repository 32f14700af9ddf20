import pytest

from twofold.safety import SafetyDataError, available_locales, load_locale, resources_for, rules_path


def test_us_resources_hold_the_published_numbers():
    data = load_locale("en-US")
    text = " ".join(f"{r.contact} {r.how}" for r in data.resources)
    for number in ("988", "1-800-799-7233", "START to 88788", "911"):
        assert number in text
    assert "en-US" in available_locales()


def test_resources_for_orders_crisis_first_and_skips_other_labels():
    assert resources_for(["criticism"]) is None
    crisis = resources_for(["crisis"])
    assert crisis.resources[0].contact == "988" and crisis.labels == ("crisis",)
    both = resources_for(["abuse_risk", "crisis"])
    assert both.labels == ("crisis", "abuse_risk")
    assert [r.id for r in both.resources] == ["988", "emergency", "ndvh"]


def test_broken_files_are_rejected(tmp_path):
    (tmp_path / "xx-XX.toml").write_text('locale = "xx-XX"\nheadline = "h"\n[message]\ncrisis = "c"\n', encoding="utf-8")
    with pytest.raises(SafetyDataError, match="abuse_risk"):
        load_locale("xx-XX", tmp_path)
    with pytest.raises(SafetyDataError, match="no safety resources"):
        load_locale("zz-ZZ", tmp_path)


def test_rules_file_exists():
    assert rules_path("en").name == "en.toml"
    with pytest.raises(FileNotFoundError):
        rules_path("xx")
