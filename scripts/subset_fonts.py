"""The bulletin's fonts: Be Vietnam Pro cut to the Latin and Vietnamese letters and the punctuation
a story uses, as WOFF, written to generator/fonts/ban-tin/ (committed; the build never runs this).

    .venv/bin/python scripts/subset_fonts.py          # write the files
    .venv/bin/python scripts/subset_fonts.py --check  # exit 1 when a committed file differs

The share cards keep the whole TTF files beside them (Pillow draws with those).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parent.parent / "generator" / "fonts"
OUT = FONTS / "ban-tin"
WEIGHTS = ("Regular", "SemiBold", "Bold")
# Basic Latin and Latin-1, the Latin Extended-A/B letters of Vietnamese (Ă ă Đ đ Ĩ ĩ Ũ ũ Ơ ơ Ư ư),
# the combining tone marks, the Vietnamese block of Latin Extended Additional, general punctuation
# (– — ‘ ’ “ ” … •), the đồng sign and the euro sign.
RANGES = ((0x20, 0x7E), (0xA0, 0xFF), (0x100, 0x17F), (0x1A0, 0x1B0), (0x300, 0x323), (0x1EA0, 0x1EF9),
          (0x2000, 0x206F), (0x20AB, 0x20AC))


def unicodes() -> list[int]:
    return [code for start, end in RANGES for code in range(start, end + 1)]


def subset_font(weight: str) -> bytes:
    """The WOFF bytes of one weight: same input and fontTools version, same bytes."""
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # the copyright and licence names stay with the font
    options.notdef_outline = True
    options.hinting = False
    font = TTFont(FONTS / f"BeVietnamPro-{weight}.ttf", recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes())
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    OUT.mkdir(exist_ok=True)
    for weight in WEIGHTS:
        data = subset_font(weight)
        target = OUT / f"BeVietnamPro-{weight}.woff"
        if check:
            if not target.is_file() or target.read_bytes() != data:
                stale.append(target.name)
        else:
            target.write_bytes(data)
            print(f"{target.relative_to(FONTS.parent.parent)}: {len(data):,} bytes")
    if stale:
        print("khác với bản tạo lại: " + ", ".join(stale) + " (chạy scripts/subset_fonts.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
