"""Random photos through the real build and `nttv check`: the build never raises, and check names,
before the build, exactly the photos the build leaves out.

Photos have sides from 1 to 70,000 pixels within a small area (the build's own limit is 50
megapixels; small areas keep the run short on a shared machine), every Pillow mode, four formats,
any EXIF orientation, and streams cut anywhere.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import json
import random
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from photo_factory import metadata_in
from PIL import Image

from conftest import repo_plan, story_text, TODAY
from generator import cli
from generator.build import build_site
from generator.cache import Caches
from generator.media.images import MAX_PIXELS, MAX_SIDE
from generator.rendering.sharekit import write_kit
from scratch_site import fixed_environment, shared_scratch

pytestmark = pytest.mark.build

MODES = ("1", "L", "LA", "La", "P", "PA", "RGB", "RGBA", "RGBa", "RGBX", "CMYK", "YCbCr", "LAB", "HSV",
         "I", "F", "I;16", "I;16L", "I;16B", "I;16N")
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "HEIF": ".heic"}
LONGEST = 70_000
AREA = 120_000  # pixels per photo in this test, far within MAX_PIXELS
STORY = "stories/2024/co-giao-mo-lop.md"
# A scratch column's photos only: the repository's own register of activities (and its photo) is not part of it.
PLAN = dataclasses.replace(repo_plan(), activities=None)
assert AREA < MAX_PIXELS


@st.composite
def photo_files(draw) -> tuple[str, bytes, str]:
    """(file suffix, bytes, what it is) for one random photo."""
    long_side = draw(st.integers(1, LONGEST))
    short_side = draw(st.integers(1, max(1, min(long_side, AREA // long_side))))
    size = (long_side, short_side) if draw(st.booleans()) else (short_side, long_side)
    mode = draw(st.sampled_from(MODES))
    kind = draw(st.sampled_from(sorted(FORMATS)))
    seed = draw(st.integers(0, 2**32 - 1))
    orientation = draw(st.integers(1, 8))
    cut = draw(st.one_of(st.none(), st.floats(0.0, 1.0, exclude_max=True)))
    picture = _picture(size, mode, seed)
    data, kind = _saved(picture, kind, orientation)
    if cut is not None:
        data = data[:int(len(data) * cut)]
    return FORMATS[kind], data, f"{size[0]}×{size[1]} {mode} {kind} orientation {orientation} cut {cut}"


def _picture(size: tuple[int, int], mode: str, seed: int) -> Image.Image:
    noise = random.Random(seed).randbytes(size[0] * size[1])
    grey = Image.frombytes("L", size, noise)
    try:
        return grey.convert(mode)
    except (ValueError, OSError):
        return Image.new(mode, size)


def _saved(picture: Image.Image, kind: str, orientation: int) -> tuple[bytes, str]:
    """The picture in ``kind``, or as PNG when that format cannot hold this mode or size."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    attempts = [(picture, kind, {"exif": exif}), (picture, "PNG", {})]
    with contextlib.suppress(ValueError, OSError):
        attempts.append((picture.convert("RGBA"), "PNG", {}))
    for image, attempt, options in attempts:
        out = io.BytesIO()
        try:
            image.save(out, attempt, **options)
            return out.getvalue(), attempt
        except Exception:  # pillow_heif raises RuntimeError, Pillow OSError, ValueError, KeyError
            continue
    out = io.BytesIO()
    Image.new("L", picture.size).save(out, "PNG")  # modes such as La convert to nothing Pillow can save
    return out.getvalue(), "PNG"


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    with fixed_environment():
        yield shared_scratch(tmp_path_factory.mktemp("photo-property") / "repo")


def _check(root) -> list[dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        cli.main(["--root", str(root), "check", "--format", "json"])
    return json.loads(out.getvalue())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(photos=st.lists(photo_files(), min_size=1, max_size=3))
def test_the_build_never_raises_and_check_names_every_photo_it_drops(repo, photos):
    root = repo.root
    folder = root / "stories" / "2024"
    shutil.rmtree(root / "stories", ignore_errors=True)
    shutil.rmtree(root / ".cache", ignore_errors=True)  # both check and build make every photo anew
    folder.mkdir(parents=True)
    entries = []
    for index, (suffix, data, _) in enumerate(photos):
        (folder / f"anh-{index}{suffix}").write_bytes(data)
        entries.append({"src": f"anh-{index}{suffix}", "alt": f"Ảnh {index}"})
    (folder / "co-giao-mo-lop.md").write_text(story_text(photos=entries), encoding="utf-8")
    what = [description for _, _, description in photos]

    checked = _check(root)
    named = {p["field"] for p in checked if p["severity"] == "error" and p["path"] == STORY}
    assert all(field.startswith("photos[") for field in named), (checked, what)

    with fixed_environment():
        build = build_site(root, PLAN, root / "stories",
                           dt.date.fromisoformat(TODAY), caches=Caches(root / "build-cache"))
    shutil.rmtree(root / "build-cache", ignore_errors=True)
    published = {f"photos[{index}].src" for index in range(len(photos))
                 if any(f"/anh-{index + 1}-" in r.path for r in build.files)}
    dropped = {f"photos[{index}].src" for index in range(len(photos))} - published
    assert dropped == named, (what, checked)
    assert {p.field for p in build.problems if p.is_error} == dropped
    for rendition in build.files:
        with Image.open(io.BytesIO(rendition.data)) as image:
            assert image.size == (rendition.width, rendition.height) and max(image.size) <= MAX_SIDE
        assert metadata_in(rendition.data) == []
    assert build.cards.cards[STORY].data
    # `nttv share` makes its kit from the same photos, without raising either.
    story = build.collection.stories[0]
    usable = tuple(photo for photo in story.photos if f"photos[{photo.index}].src" in published)
    kit = write_kit(story, PLAN, root / "share" / story.slug, dt.date.fromisoformat(TODAY), None, usable)
    assert sorted(name for name in kit.files if name.startswith("anh-")) == \
        sorted(f"anh-{photo.index + 1}.jpg" for photo in usable)
