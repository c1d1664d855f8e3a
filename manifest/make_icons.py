"""Draw the Teams app icons: color.png (192x192) and outline.png (32x32).

Only needed to regenerate the icons; the PNGs are committed next to this script and
the app package build (core/teams_manifest.py) just copies them. Run from anywhere:

    python manifest/make_icons.py

Motif: three white interlinked rings in a triangle, suggesting people from different
organisations working together. The colour icon puts them on a deep-teal rounded square
(same teal as ``accentColor`` in manifest.template.json); the outline icon is the same
rings in pure white on a transparent background, as Teams requires.

Shapes are drawn at a larger size and scaled down, which gives smooth anti-aliased edges.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent

TEAL = (0, 103, 111)  # #00676F, keep in sync with accentColor in the manifest template
WHITE = (255, 255, 255)

COLOR_SIZE = 192
OUTLINE_SIZE = 32
SUPERSAMPLE = 8


def _ring_centres(size: float, centre_y: float, spread: float) -> list[tuple[float, float]]:
    """Three points on an equilateral triangle (one on top) around the icon's centre."""
    cx = size / 2
    return [
        (
            cx + spread * math.cos(math.radians(angle)),
            centre_y + spread * math.sin(math.radians(angle)),
        )
        for angle in (-90, 30, 150)
    ]


def _draw_rings(
    draw: ImageDraw.ImageDraw,
    centres: list[tuple[float, float]],
    radius: float,
    width: float,
    fill: int | tuple[int, ...],
) -> None:
    for x, y in centres:
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            outline=fill,
            width=round(width),
        )


def make_color_icon(size: int = COLOR_SIZE) -> Image.Image:
    """Deep-teal rounded square with three white interlinked rings."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (*TEAL, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.2, fill=(*TEAL, 255))
    # Rings stay inside the central area, clear of the rounded corners.
    centres = _ring_centres(big, centre_y=big * 0.53, spread=big * 0.15)
    _draw_rings(draw, centres, radius=big * 0.2, width=big * 0.045, fill=(*WHITE, 255))
    return image.resize((size, size), Image.Resampling.LANCZOS)


def make_outline_icon(size: int = OUTLINE_SIZE) -> Image.Image:
    """The same rings in pure white on a transparent background.

    Only the alpha channel carries the shape: every pixel is white, so anti-aliased
    edges are semi-transparent white rather than grey.
    """
    big = size * SUPERSAMPLE
    mask = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(mask)
    # Larger rings with a 2 px stroke: the motif fills the square and stays legible.
    centres = _ring_centres(big, centre_y=big * 0.55, spread=big * 0.2)
    _draw_rings(draw, centres, radius=big * 0.25, width=big * 0.0625, fill=255)
    alpha = mask.resize((size, size), Image.Resampling.LANCZOS)
    image = Image.new("RGBA", (size, size), (*WHITE, 0))
    image.putalpha(alpha)
    return image


def main() -> None:
    make_color_icon().save(HERE / "color.png", optimize=True)
    make_outline_icon().save(HERE / "outline.png", optimize=True)
    print(f"Wrote {HERE / 'color.png'} and {HERE / 'outline.png'}")


if __name__ == "__main__":
    main()
