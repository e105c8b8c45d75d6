"""Draw the site's icons (static/icons/): the PNG and ICO copies of
icon.svg, with Pillow, for the browsers and phones that want bitmaps
(the web app manifest's 192 and 512 pixels, the iPhone's 180, favicon.ico).
Run again after changing the drawing: python scripts/make_icons.py"""

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parents[1] / "static" / "icons"
BLUE = "#1f4e79"
# icon.svg's house, on its 64-unit grid.
HOUSE = [(32, 12), (10, 31), (16, 31), (16, 52), (29, 52), (29, 39), (35, 39), (35, 52), (48, 52), (48, 31),
         (54, 31)]


def draw(size, *, maskable=False):
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    canvas = ImageDraw.Draw(image)
    if maskable:  # full bleed, the house inside the safe circle (80 %)
        canvas.rectangle((0, 0, size, size), fill=BLUE)
        scale, offset = size * 0.8 / 64, size * 0.1
    else:
        canvas.rounded_rectangle((0, 0, size - 1, size - 1), radius=size * 12 / 64, fill=BLUE)
        scale, offset = size / 64, 0
    canvas.polygon([(offset + x * scale, offset + y * scale) for x, y in HOUSE], fill="white")
    return image


def main():
    for name, size in (("icon-192.png", 192), ("icon-512.png", 512), ("apple-touch-icon.png", 180)):
        draw(size).save(ICONS / name, optimize=True)
    draw(512, maskable=True).save(ICONS / "icon-maskable-512.png", optimize=True)
    draw(64).save(ICONS / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
