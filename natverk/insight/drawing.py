"""The pictures, drawn on the server as SVG: no script, no inline style (colours are
classes of `insight.css`), nothing loaded from elsewhere. Each picture has a <title> and
a <desc>, and each node or area that is a page of its own is a link with a <title> of its
own, so that it can be reached and named by keyboard and screen reader. The same facts
are always on the page as a table or list beside the picture."""

import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from natverk.insight.geography import CountyMap

# Colours that keep a contrast of at least 3:1 against white, for the communities.
COMMUNITY_CLASSES = 8


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _open(
    width: float, height: float, css: str, prefix: str, title: str, desc: str, left=0.0, top=0.0
) -> str:
    return (
        f'<svg class="{css}" viewBox="{_number(left)} {_number(top)} {_number(width)} '
        f'{_number(height)}" '
        f'aria-labelledby="{prefix}-title {prefix}-desc">'
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(desc)}</desc>'
    )


def shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Maps ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shade:
    """How one municipality is drawn: its class (its colour), what its <title> says,
    and the page it links to, if any."""

    css: str
    label: str
    url: str = ""


def map_svg(
    outlines: CountyMap,
    shades: dict[str, Shade],
    *,
    title: str,
    desc: str,
    prefix: str = "map",
    css: str = "map",
) -> SafeString:
    parts = [
        _open(outlines.width, outlines.height, css, prefix, title, desc),
        f'<defs><pattern id="{prefix}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" class="hatch-ground"/>'
        '<line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern></defs>',
    ]
    for outline in outlines.outlines:
        shade = shades.get(outline.code, Shade("area-outside", outline.name))
        inner = f'<title>{escape(shade.label)}</title><path d="{outline.path}"/>'
        if shade.url:
            parts.append(f'<a href="{escape(shade.url)}" class="area {shade.css}">{inner}</a>')
        else:
            parts.append(f'<g class="area {shade.css}">{inner}</g>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text and address above is escaped


# Graphs --------------------------------------------------------------------------------


@dataclass
class DrawnNode:
    key: str
    x: float  # in [0, 1]
    y: float
    shape: str  # "network" or "organisation"
    label: str  # shown beside the node; empty for none
    title: str  # the node's <title>: its full name and what it is
    url: str
    size: float = 1.0  # relative
    css: str = ""


@dataclass
class DrawnEdge:
    first: str
    second: str
    css: str  # "member", "convener", or a relation's kind
    directed: bool = False


GRAPH_WIDTH = 800
GRAPH_HEIGHT = 560
GRAPH_MARGIN = 60


def _place(nodes: Iterable[DrawnNode], width: float, height: float, margin: float):
    return {
        node.key: (margin + node.x * (width - 2 * margin), margin + node.y * (height - 2 * margin))
        for node in nodes
    }


def _line(start, end, shorten_by: float) -> tuple[float, float, float, float]:
    """The edge from the first node's edge to the second's, so that an arrow is seen."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ratio = max(0.0, (length - shorten_by) / length)
    return x1, y1, x1 + (x2 - x1) * ratio, y1 + (y2 - y1) * ratio


def graph_svg(
    nodes: list[DrawnNode],
    edges: list[DrawnEdge],
    *,
    title: str,
    desc: str,
    prefix: str = "graph",
    width: float = GRAPH_WIDTH,
    height: float = GRAPH_HEIGHT,
    margin: float = GRAPH_MARGIN,
    positions: dict[str, tuple[float, float]] | None = None,
    crop: bool = False,
) -> SafeString:
    """Networks as circles, organisations as squares, memberships as lines (heavier for
    conveners) and relations as dashed arrows."""
    at = positions or _place(nodes, width, height, margin)
    radius = {n.key: (6 + 6 * min(n.size, 3)) if n.shape == "network" else 5 for n in nodes}
    left = top = 0.0
    if crop and at:
        # Only the part with something in it, with room for the labels.
        left = min(x for x, _y in at.values()) - 90
        top = min(y for _x, y in at.values()) - 25
        width = max(x for x, _y in at.values()) + 90 - left
        height = max(y for _x, y in at.values()) + 40 - top
    parts = [
        _open(width, height, "graph", prefix, title, desc, left, top),
        f'<defs><marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0L10,5L0,10Z" class="arrow-head"/></marker></defs>',
        '<g class="edges">',
    ]
    for edge in edges:
        if edge.first not in at or edge.second not in at:
            continue
        x1, y1, x2, y2 = _line(at[edge.first], at[edge.second], radius[edge.second] + 2)
        marker = f' marker-end="url(#{prefix}-arrow)"' if edge.directed else ""
        parts.append(
            f'<line x1="{_number(x1)}" y1="{_number(y1)}" x2="{_number(x2)}" '
            f'y2="{_number(y2)}" class="edge {edge.css}"{marker}/>'
        )
    parts.append('</g><g class="nodes">')
    # Labels are placed networks first, then the organisations linking most; one that
    # would cover another goes above its node, or is left out (its <title> and the
    # list beside the picture still name it).
    placed: list[tuple[float, float, float, float]] = []
    for node in nodes:
        x, y = at[node.key]
        r = radius[node.key]
        if node.shape == "network":
            shape = f'<circle cx="{_number(x)}" cy="{_number(y)}" r="{_number(r)}"/>'
        else:
            shape = (
                f'<rect x="{_number(x - r)}" y="{_number(y - r)}" '
                f'width="{_number(2 * r)}" height="{_number(2 * r)}"/>'
            )
        label = ""
        if node.label:
            anchor = (
                "start"
                if x - left < width * 0.12
                else "end"
                if x - left > width * 0.88
                else "middle"
            )
            baseline = _free_place(placed, node.label, x, y, r, anchor)
            if baseline is not None:
                label = (
                    f'<text x="{_number(x)}" y="{_number(baseline)}" '
                    f'text-anchor="{anchor}" class="label">{escape(node.label)}</text>'
                )
        inner = f"<title>{escape(node.title)}</title>{shape}{label}"
        css = f"node {node.shape} {node.css}".strip()
        if node.url:
            parts.append(f'<a href="{escape(node.url)}" class="{css}">{inner}</a>')
        else:
            parts.append(f'<g class="{css}">{inner}</g>')
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text and address above is escaped


LABEL_HEIGHT = 13.0
CHARACTER_WIDTH = 6.4  # of the 12-unit label font, on average


def _free_place(
    placed: list[tuple[float, float, float, float]],
    text: str,
    x: float,
    y: float,
    r: float,
    anchor: str,
) -> float | None:
    """The baseline for a label below the node, else above it, that overlaps no label
    already placed (and then records it); None if both would."""
    width = len(text) * CHARACTER_WIDTH
    start = x - width / 2 if anchor == "middle" else x if anchor == "start" else x - width
    for baseline in (y + r + 13, y - r - 5):
        box = (start, baseline - LABEL_HEIGHT + 2, start + width, baseline + 3)
        if not any(
            box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]
            for other in placed
        ):
            placed.append(box)
            return baseline
    return None


# A network and its neighbours ------------------------------------------------------------

EGO_WIDTH = 760
EGO_HEIGHT = 520
INNER_RING = 120
OUTER_RING = 210


def _spread(angles: list[float], gap: float) -> list[float]:
    """The same angles, in the same order around the circle, at least `gap` apart."""
    if len(angles) < 2:
        return angles
    order = sorted(range(len(angles)), key=lambda i: angles[i])
    placed = [angles[i] for i in order]
    gap = min(gap, 2 * math.pi / len(placed))
    for _round in range(len(placed)):
        moved = False
        for i in range(1, len(placed)):
            if placed[i] - placed[i - 1] < gap:
                placed[i] = placed[i - 1] + gap
                moved = True
        if not moved:
            break
    result = [0.0] * len(angles)
    for position, index in enumerate(order):
        result[index] = placed[position]
    return result


def ego_positions(
    centre: str, members: list[str], neighbours: list[tuple[str, list[str]]]
) -> dict[str, tuple[float, float]]:
    """The network in the middle, its members on a ring around it, and each neighbouring
    network further out, in the direction of the members it shares."""
    cx, cy = EGO_WIDTH / 2, EGO_HEIGHT / 2
    positions = {centre: (cx, cy)}
    angle_of: dict[str, float] = {}
    for index, key in enumerate(members):
        angle = -math.pi / 2 + 2 * math.pi * index / max(len(members), 1)
        angle_of[key] = angle
        positions[key] = (cx + INNER_RING * math.cos(angle), cy + INNER_RING * math.sin(angle))
    wanted = []
    for _key, shared in neighbours:
        sx = sum(math.cos(angle_of[m]) for m in shared if m in angle_of)
        sy = sum(math.sin(angle_of[m]) for m in shared if m in angle_of)
        wanted.append(math.atan2(sy, sx) if (sx or sy) else 0.0)
    for (key, _shared), angle in zip(neighbours, _spread(wanted, math.radians(22)), strict=True):
        positions[key] = (
            cx + OUTER_RING * math.cos(angle),
            cy + OUTER_RING * 0.92 * math.sin(angle),
        )
    return positions
