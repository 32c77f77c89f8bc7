"""Photos made for tests the way phones make them, and an independent look at what a file carries.

A test photo is blue with a red corner at the top left of the *stored* pixels. With EXIF
orientation 6 (the phone was held upright) a viewer turns it a quarter clockwise, so the red
corner shows at the top right: that is how the tests tell an upright output.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pillow_heif
from PIL import ExifTags, Image, ImageDraw, ImageOps

pillow_heif.register_heif_opener()

RED = (255, 0, 0)
BLUE = (0, 60, 200)
HOME = (21.309, 105.603)  # a position that must never reach the site
COMMENT = b"Nha chi Hoa, xom 5"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description>vi tri nha</rdf:Description></rdf:RDF></x:xmpmeta>'
TRAILER = b"ftypmp42 motion photo with its own GPS"


def phone_exif(orientation: int = 6, gps: bool = True) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Apple"
    exif[ExifTags.Base.Model] = "iPhone 13"
    exif[ExifTags.Base.DateTime] = "2024:05:02 09:41:00"
    if gps:
        info = exif.get_ifd(ExifTags.IFD.GPSInfo)
        info[ExifTags.GPS.GPSLatitudeRef] = "N"
        info[ExifTags.GPS.GPSLatitude] = (21.0, 18.0, 32.4)
        info[ExifTags.GPS.GPSLongitudeRef] = "E"
        info[ExifTags.GPS.GPSLongitude] = (105.0, 36.0, 10.8)
    return exif


def stored_picture(size: tuple[int, int] = (400, 300)) -> Image.Image:
    picture = Image.new("RGB", size, BLUE)
    ImageDraw.Draw(picture).rectangle((0, 0, size[0] // 4, size[1] // 4), fill=RED)
    return picture


def phone_jpeg(path: Path, size: tuple[int, int] = (400, 300), orientation: int = 6, gps: bool = True,
               comment: bool = True, xmp: bool = True, trailer: bool = False) -> Path:
    """A JPEG like a phone's: EXIF with orientation, camera, time and GPS, a comment, an XMP packet."""
    out = io.BytesIO()
    options: dict = {"exif": phone_exif(orientation, gps), "quality": 90}
    if comment:
        options["comment"] = COMMENT
    if xmp:
        options["xmp"] = XMP
    stored_picture(size).save(out, "JPEG", **options)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue() + (TRAILER if trailer else b""))
    return path


def phone_photo(path: Path, kind: str, size: tuple[int, int] = (400, 300), orientation: int = 6) -> Path:
    """A PNG, WebP or HEIC carrying the same EXIF (and XMP where the format takes it)."""
    options: dict = {"exif": phone_exif(orientation).tobytes()}
    if kind == "WEBP":
        options["xmp"] = XMP
    out = io.BytesIO()
    stored_picture(size).save(out, kind, **options)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    return path


def bomb_png(path: Path, width: int = 100_000, height: int = 100_000) -> Path:
    """A tiny PNG whose header declares a gigantic picture: opening it naively exhausts memory."""
    out = io.BytesIO()
    Image.new("1", (8, 8)).save(out, "PNG")
    data = bytearray(out.getvalue())
    ihdr = 8  # after the signature: length, b"IHDR", then width and height
    data[ihdr + 8:ihdr + 16] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr + 4:ihdr + 8 + 13]))
    data[ihdr + 8 + 13:ihdr + 8 + 17] = struct.pack(">I", crc)
    path.write_bytes(bytes(data))
    return path


def metadata_in(data: bytes) -> list[str]:
    """Every kind of metadata found in an image file, looked for without the code under test."""
    found = []
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        if len(exif):
            found.append("exif")
        if exif.get_ifd(ExifTags.IFD.GPSInfo):
            found.append("gps")
        for key in ("exif", "xmp", "comment", "icc_profile", "XML:com.adobe.xmp"):
            if image.info.get(key):
                found.append(key)
        if getattr(image, "text", None):
            found.append("text")
    for needle, name in ((b"Exif\x00\x00", "exif block"), (b"xmpmeta", "xmp packet"), (COMMENT, "comment text"),
                         (TRAILER, "trailer"), (b"iPhone", "camera")):
        if needle in data:
            found.append(name)
    if data.startswith(b"\xff\xd8") and _jpeg_markers(data) & {0xE1, 0xED, 0xFE}:
        found.append("jpeg metadata segment")
    return sorted(set(found))


def _jpeg_markers(data: bytes) -> set[int]:
    markers, pos = set(), 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        markers.add(marker)
        if marker == 0xDA:
            break
        pos += 2 + struct.unpack(">H", data[pos + 2:pos + 4])[0]
    return markers


def corner_colours(data: bytes) -> tuple[tuple[int, int], str, str]:
    """The displayed size, and whether the top-left and top-right corners are red or blue."""
    with Image.open(io.BytesIO(data)) as image:
        shown = ImageOps.exif_transpose(image).convert("RGB")
    def colour(x: int, y: int) -> str:
        r, g, b = shown.getpixel((x, y))
        return "red" if r > 180 and b < 90 else "blue" if b > 140 and r < 90 else f"{r},{g},{b}"
    return shown.size, colour(2, 2), colour(shown.width - 3, 2)
