"""Retake the README's screenshots of the web editor (docs-img/quan-tri-*.png).

    .venv/bin/python scripts/editor_screenshots.py [OUT_FOLDER]

Builds a scratch repository as the browser tests do, runs Decap's local backend on 127.0.0.1,
fills in a story with a sample photo that carries GPS, and takes: the form with the chapter list
open, the photo library after the upload, the status menu after a save (preview beside the form),
the unit register with one unit open, and the form on a 360 px phone. Each PNG is reduced to a palette of 128 colours (Pillow) so the
repository stays small. Needs what `make test` installs (Chromium, node_modules).
"""

from __future__ import annotations

import io
import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from PIL import Image  # noqa: E402

from generator.reading.plan import load_plan  # noqa: E402
from photo_factory import metadata_in, phone_exif  # noqa: E402
from scratch_site import fixed_environment  # noqa: E402
from editor_repo import editor_repo, free_port  # noqa: E402
from test_editor_browser import TITLE, build, choose, editor, markdown, register_item  # noqa: E402

DESKTOP = (1280, 800)
PHONE = (360, 780)
COLOURS = 128
SAMPLE_PHOTO = REPO / "stories" / "2024" / "hoa-lop-hoc.jpg"


def small_png(data: bytes, path: Path) -> None:
    """A screenshot as a palette PNG: UI colours survive 128 entries, the file shrinks several times."""
    image = Image.open(io.BytesIO(data)).convert("RGB")
    image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)
    print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}: {image.size[0]}×{image.size[1]}, "
          f"{path.stat().st_size // 1024} KiB")


def photo_with_gps(path: Path) -> Path:
    """The sample illustration as a phone would hand it over: GPS position and camera in its EXIF."""
    Image.open(SAMPLE_PHOTO).convert("RGB").save(path, "JPEG", quality=88, exif=phone_exif(orientation=1).tobytes())
    assert "gps" in metadata_in(path.read_bytes())
    return path


def fill_story(page, photo: Path, library_shot: Path | None = None) -> None:
    page.goto(page.origin + "quan-tri/#/collections/ca-nhan/new")
    page.get_by_label("Tiêu đề", exact=True).fill(TITLE)
    choose(page, "Hội", "Hội Chữ thập đỏ tỉnh Phú Thọ (từ 1/1/2022, đang hoạt động)")
    page.get_by_label("Ngày đăng", exact=True).fill("08/05/2026")
    page.get_by_label("Họ tên / tên tập thể", exact=True).fill("Nguyễn Thị Hoa")
    page.get_by_label("Việc làm tốt", exact=True).fill("Mở lớp học miễn phí cho trẻ em khó khăn")
    for criterion in load_plan(REPO / "content" / "plan.yml").kinds["individual"].criteria:
        choose(page, "Tiêu chí đạt được", criterion.label)
    page.get_by_label("Người đồng ý", exact=True).fill("Nguyễn Thị Hoa")
    page.get_by_label("Ngày đồng ý", exact=True).fill("01/05/2026")
    choose(page, "Được đăng ở đâu", "Trang web")
    markdown(page, "Đoạn mở đầu", "Mười năm nay, cô Hoa mở lớp học miễn phí cho trẻ em trong xóm.")
    page.get_by_role("button", name="Thêm ảnh").click()
    page.get_by_role("button", name="Chọn một hình").click()
    page.locator("input[type=file]").set_input_files(str(photo))
    page.get_by_text("anh-co-hoa.jpg").wait_for()
    page.wait_for_timeout(500)
    if library_shot:
        small_png(page.screenshot(), library_shot)
    page.get_by_role("button", name="Dùng ảnh đã chọn").click()
    page.get_by_label("Mô tả ảnh", exact=True).fill("Chồng sách và đèn bàn của lớp học")
    page.get_by_label(re.compile("^Chú thích")).fill("Lớp học của cô Hoa")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="nttv-shots-"))
    with fixed_environment():
        scratch = editor_repo(work / "repo")
        port = free_port()
        build(scratch, port)
        photo = photo_with_gps(work / "Ảnh cô Hoa.jpg")
        with editor(scratch, port, viewport=DESKTOP) as page:
            fill_story(page, photo, library_shot=out / "quan-tri-anh.png")
            page.mouse.wheel(0, -10_000)
            page.get_by_label(re.compile("^Hội")).click()
            page.wait_for_timeout(300)
            small_png(page.screenshot(), out / "quan-tri-bieu-mau.png")
            page.keyboard.press("Escape")
            page.get_by_role("button", name="Lưu", exact=True).click()
            page.get_by_role("button", name="Trạng thái: Bản nháp").click()
            page.get_by_role("menuitem", name="Sẵn sàng").wait_for()
            page.wait_for_timeout(500)
            small_png(page.screenshot(), out / "quan-tri-trang-thai.png")
        with editor(scratch, port, viewport=DESKTOP) as page:
            page.goto(page.origin + "quan-tri/#/collections/so-don-vi/entries/don-vi")
            item = register_item(page, "Trường THCS Thanh Lãng (2023–2025)")
            item.locator("label", has_text="Thời gian tham gia").evaluate("e => e.scrollIntoView({block: 'start'})")
            page.mouse.move(640, 400)
            page.mouse.wheel(0, 330)
            page.wait_for_timeout(300)
            small_png(page.screenshot(), out / "quan-tri-so-don-vi.png")
        with editor(scratch, port, viewport=PHONE) as page:
            page.goto(page.origin + "quan-tri/#/collections/ca-nhan/new")
            page.get_by_label("Tiêu đề", exact=True).fill(TITLE)
            choose(page, "Hội", "Hội Chữ thập đỏ tỉnh Phú Thọ (từ 1/1/2022, đang hoạt động)")
            page.get_by_label("Ngày đăng", exact=True).fill("08/05/2026")
            page.get_by_label("Họ tên / tên tập thể", exact=True).fill("Nguyễn Thị Hoa")
            page.get_by_label("Tiêu đề", exact=True).focus()
            page.mouse.wheel(0, -10_000)
            page.wait_for_timeout(300)
            small_png(page.screenshot(), out / "quan-tri-dien-thoai.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs-img")
