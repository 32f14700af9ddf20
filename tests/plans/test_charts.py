"""Server-side SVG charts: accessible, CSP-safe (no style attributes or elements), ids unique per chart."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

from twofold.plans import charts

MONDAY = date(2026, 3, 2)
POINTS = [(MONDAY + timedelta(weeks=n), v) for n, v in enumerate((3.0, 3.5, 5.0))]


def test_charts_are_inline_svg_fit_for_a_strict_csp():
    svgs = [
        charts.checkin_chart({"Sam": POINTS, "Alex": []}, cutoff=4.5, y_range=(1, 7)),
        charts.stacked_chart({"Sam": {"attended": 3, "no-show": 1}, "Alex": {"attended": 1, "no-show": 3}},
                             title="Session attendance", chart_id="attendance-chart"),
        charts.rate_chart({"Sam": [(d, v / 10) for d, v in POINTS]}),
    ]
    ids: list[str] = []
    for svg in svgs:
        root = ET.fromstring(svg)
        assert root.get("role") == "img" and root.find("{http://www.w3.org/2000/svg}title") is not None
        assert "style=" not in svg and "<style" not in svg
        ids += re.findall(r'\bid="([^"]+)"', svg)
        for target in re.findall(r"url\(#([^)]+)\)", svg):
            assert f'id="{target}"' in svg
    assert len(ids) == len(set(ids))
    assert "distress range (below 4.5)" in svgs[0] and "Sam: 02 Mar 2026 3.0" in svgs[0]
    assert "Alex: 1 attended, 3 no-show." in svgs[1]


def test_nothing_to_draw_is_none():
    assert charts.checkin_chart({"Sam": []}, cutoff=4.5, y_range=(1, 7)) is None
    assert charts.stacked_chart({"Sam": {"attended": 0}}, title="t", chart_id="c") is None
    assert charts.rate_chart({}) is None
