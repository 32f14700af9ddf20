"""Inline SVG charts that a strict Content Security Policy accepts, from matplotlib figures.

matplotlib writes ``style`` attributes and a ``<style>`` element, both of which the CSP
(``style-src 'self'``) blocks inline. :func:`figure_to_svg` turns them into presentation
attributes, makes every id unique to the chart (several charts share a page), and adds a
``<title>`` and ``<desc>`` for screen readers. The same SVG goes in the page and the PDF.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

from matplotlib.figure import Figure

SVG = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
RC = {"svg.fonttype": "none", "svg.hashsalt": "twofold", "font.size": 9}
COLOURS = ("#2f6f73", "#a0522d", "#5b4b8a", "#8a6d1f", "#3b6e2f", "#8a3b5b")
_REFERENCE = re.compile(r"#([^\s)\"']+)")


def figure_to_svg(figure: Figure, *, chart_id: str, title: str, description: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    root = ET.fromstring(buffer.getvalue())
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (f"{{{SVG}}}metadata", f"{{{SVG}}}style"):
                parent.remove(child)
    _prefix_ids(root, chart_id)
    for element in root.iter():
        for declaration in (element.attrib.pop("style", None) or "").split(";"):
            name, _, value = declaration.partition(":")
            if name.strip():
                element.set(name.strip(), value.strip())
    # What the dropped <style> element set for every shape.
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    width, height = root.attrib.pop("width", ""), root.attrib.pop("height", "")
    if root.get("viewBox") is None and width and height:
        root.set("viewBox", f"0 0 {width.removesuffix('pt')} {height.removesuffix('pt')}")
    root.set("role", "img")
    root.set("class", "chart")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    desc = ET.Element(f"{{{SVG}}}desc", {"id": f"{chart_id}-desc"})
    desc.text = description
    heading = ET.Element(f"{{{SVG}}}title", {"id": f"{chart_id}-title"})
    heading.text = title
    root.insert(0, desc)
    root.insert(0, heading)
    ET.register_namespace("", SVG)  # the registry is process-wide; another library may have changed it
    return ET.tostring(root, encoding="unicode")


def _prefix_ids(root: ET.Element, prefix: str) -> None:
    """Make matplotlib's ids (glyphs, clip paths) unique to this chart, and every reference to them."""
    ids = {element.get("id") for element in root.iter() if element.get("id")}

    def renamed(match: re.Match[str]) -> str:
        name = match.group(1)
        return f"#{prefix}-{name}" if name in ids else match.group(0)

    for element in root.iter():
        for attribute, value in element.attrib.items():
            if attribute == "id":
                element.set(attribute, f"{prefix}-{value}")
            elif "#" in value:
                element.set(attribute, _REFERENCE.sub(renamed, value))
