"""The outlines the maps are drawn from: Sweden's municipalities as shipped in `geodata/`
(SCB's simplified boundaries), projected once per county and process.

No map tiles, no database: a county's map is a set of SVG paths made from a file of the
project's own, so it costs nothing per request and shows the same in every language."""

import csv
import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

GEODATA = Path(__file__).resolve().parent / "geodata"
MUNICIPALITIES_FILE = GEODATA / "municipalities.geojson"
COUNTIES_FILE = GEODATA / "counties.csv"

# Width of every county's map in its own coordinates; the page scales it.
MAP_WIDTH = 600
MARGIN = 4


@dataclass(frozen=True)
class Outline:
    code: str  # kommunkod
    name: str
    path: str  # SVG path data in the map's coordinates


@dataclass(frozen=True)
class CountyMap:
    code: str  # länskod
    name: str
    width: int
    height: int
    outlines: tuple[Outline, ...]

    def outline(self, code: str) -> Outline | None:
        return next((o for o in self.outlines if o.code == code), None)


def county_of(municipality_code: str) -> str:
    """A municipality's county: the first two digits of its code (1280 is in 12)."""
    return municipality_code[:2] if len(municipality_code) == 4 else ""


@functools.cache
def county_names() -> dict[str, str]:
    """länskod -> name (`12` -> `Skåne län`), in code order."""
    with COUNTIES_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


@functools.cache
def municipality_names() -> dict[str, str]:
    """kommunkod -> name, for the municipalities of every county."""
    return {f["properties"]["code"]: f["properties"]["name"] for f in _features()}


@functools.cache
def _features() -> tuple[dict, ...]:
    with MUNICIPALITIES_FILE.open(encoding="utf-8") as handle:
        collection = json.load(handle)
    return tuple(sorted(collection["features"], key=lambda f: f["properties"]["code"]))


def _rings(geometry: dict) -> list[list[list[float]]]:
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    return [ring for polygon in polygons for ring in polygon]


@functools.cache
def county_map(code: str) -> CountyMap | None:
    """The county's municipalities as SVG paths, or None for a code no county has."""
    if code not in county_names():
        return None
    features = [f for f in _features() if county_of(f["properties"]["code"]) == code]
    points = [p for f in features for ring in _rings(f["geometry"]) for p in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    # An equirectangular projection true to scale at the county's middle latitude: at
    # this size the difference from a conformal one cannot be seen.
    stretch = math.cos(math.radians((south + north) / 2))
    scale = (MAP_WIDTH - 2 * MARGIN) / ((east - west) * stretch)
    height = math.ceil((north - south) * scale + 2 * MARGIN)

    def point(lon: float, lat: float) -> str:
        x = MARGIN + (lon - west) * stretch * scale
        y = MARGIN + (north - lat) * scale
        return f"{x:.1f},{y:.1f}"

    outlines = []
    for feature in features:
        parts = []
        for ring in _rings(feature["geometry"]):
            drawn = [point(lon, lat) for lon, lat in ring[:-1]]
            parts.append("M" + "L".join(drawn) + "Z")
        properties = feature["properties"]
        outlines.append(Outline(properties["code"], properties["name"], "".join(parts)))
    return CountyMap(code, county_names()[code], MAP_WIDTH, height, tuple(outlines))
