"""Generate N valid stories in a scratch repository, to time ``nttv check`` and the build.

    python benchmarks/make_stories.py 1000 ../nttv-bench [--photo-every 10]
    time nttv --root ../nttv-bench check

The repository gets this project's plan, mkdocs.yml and theme, so that ``mkdocs build`` also runs
there. Stories are spread over the years and chapters of the plan, both kinds, each one valid and
about a different person; the same N and seed always give the same files. With ``--photo-every K``
every K-th story carries one photo of its own (distinct bytes, 1600 px wide, made from the
samples' photos), as a phone would send it. With ``--communes C`` the plan gains C commune
chapters (active from 1 July 2025), as a national column would have.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import shutil
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from generator.reading.plan import load_plan  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Hữu", "Thu"]
GIVEN = ["Hoa", "Nam", "Lan", "Bình", "Tĩnh", "Mai", "Dũng", "Hương", "Sơn", "Yến", "Quang", "Thảo"]
DEEDS = ["Mở lớp học miễn phí cho trẻ em khó khăn", "Nấu cơm 0 đồng cho bệnh nhân nghèo",
         "Hiến máu tình nguyện hơn hai mươi lần", "Sửa nhà cho hộ nghèo trong xã",
         "Nhận đỡ đầu ba em mồ côi", "Tặng xe đạp cho học sinh vùng khó khăn"]
PARAGRAPH = ("Sáng nào cũng vậy, khi trời còn tối, {name} đã dậy chuẩn bị cho một ngày giúp đỡ mọi người. "
             "Những việc làm giản dị ấy được bà con trong xóm nhắc đến với lòng biết ơn, và lan tỏa "
             "đến nhiều người khác cùng chung tay.")
HAND_WRITTEN = (("phong-trao.md", "Phong trào"), ("de-cu.md", "Giới thiệu"))  # the home page is generated
PHOTO_WIDTH = 1600
# Sentences drawn at random so that the stories' words vary as real ones do: a search index made
# of one paragraph repeated would be unrealistically small.
PLACES = ["thôn Đông", "xóm Mới", "thôn Hạ", "tổ dân phố số 3", "xóm Chùa", "thôn Gò", "khu Đồng Tâm", "xóm Bãi",
          "thôn Lũng", "xóm Đình", "khu Phố Cũ", "thôn Trại", "xóm Ao Sen", "thôn Đoài", "xóm Giếng"]
SENTENCES = ["Mỗi tuần {name} dành {n} buổi tối để {deed}.", "Ở {place}, ai cũng biết đến {name}.",
             "Năm {year}, nhóm đã giúp {n} hộ gia đình khó khăn ở {place}.",
             "Bà con {place} góp thêm {n} bao gạo và nhiều nhu yếu phẩm.",
             "Câu chuyện bắt đầu từ một lần {name} gặp một cụ già sống một mình ở {place}.",
             "Chi hội Chữ thập đỏ đã tặng giấy khen cho {name} vào năm {year}.",
             "Đến nay đã có {n} tình nguyện viên cùng tham gia.",
             "Những đứa trẻ ở {place} giờ đã biết đọc, biết viết.",
             "Công việc không dễ dàng, nhưng {name} chưa bao giờ nghĩ đến chuyện dừng lại.",
             "Người dân {place} gọi đó là “bếp ấm”, “lớp học tình thương” hay “tủ đồ 0 đồng”.",
             "Sau {n} tháng, quỹ nhỏ đã đủ để sửa mái nhà dột cho hai hộ nghèo.",
             "Anh chị em trong xóm thay nhau trực, mỗi người một ngày."]


def story(rng: random.Random, plan, index: int, photo: str | None = None) -> tuple[str, str]:
    """(relative path, text) of the ``index``-th story, showing ``photo`` (a file name beside it)."""
    day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(0, 1400))
    kind = "individual" if index % 3 else "collective"
    chapter = rng.choice(plan.chapters_active_on(day))
    signer = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    name = f"{signer} {index}"
    data = {
        "title": f"{rng.choice(DEEDS)} – câu chuyện số {index}",
        "kind": kind,
        "person": {"name": name, "id": f"nguoi-{index}"},
        "chapter": chapter.id,
        "deed": rng.choice(DEEDS),
        "criteria": list(plan.kinds[kind].criterion_ids),
        "date": day.isoformat(),
        # The number makes each person's name unique; whoever consented is named in words only (the check refuses digits).
        "consent": {"by": signer if kind == "individual" else f"{signer} (Chủ nhiệm)", "date": (day - dt.timedelta(days=7)).isoformat(), "scope": ["website", "facebook", "zalo"]},
        "support": ["material", "labour"],
    }
    if photo:
        data["photos"] = [{"src": photo, "alt": f"{name} cùng bà con trong xóm"}]
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    paragraphs = [PARAGRAPH.format(name=name)] + [
        " ".join(rng.choice(SENTENCES).format(name=name, n=rng.randint(2, 90), place=rng.choice(PLACES),
                                              year=rng.randint(2015, 2026), deed=rng.choice(DEEDS).lower())
                 for _ in range(rng.randint(3, 6)))
        for _ in range(rng.randint(2, 5))]
    # The words a real column repeats in most stories (the movement's name, "đạt" its criteria), drawn
    # without the random generator so that the same seed still gives the same stories otherwise.
    movement = "Người tốt, việc thiện" if kind == "individual" else "Cộng đồng nhân ái"
    body = (paragraphs[0] + "\n\n<!-- more -->\n\n" + "\n\n".join(paragraphs[1:])
            + f"\n\n**{chapter.name}** – tấm gương của phong trào “{movement}”, đạt {len(data['criteria'])} tiêu chí –"
            " [xem thêm về phong trào](https://hoichuthapdo.example.org/phong-trao/)")
    return f"stories/{day.year}/cau-chuyen-{index:05d}.md", f"---\n{front}---\n{body}\n"


def write_repository(count: int, out: Path, seed: int = 2023, photo_every: int = 0, communes: int = 0) -> Path:
    """A scratch repository at ``out`` (replaced) with ``count`` stories; see the module's docstring."""
    if out.exists():
        shutil.rmtree(out)
    (out / "content").mkdir(parents=True)
    shutil.copy(HERE / "content" / "plan.yml", out / "content" / "plan.yml")
    if communes:
        _add_communes(out / "content" / "plan.yml", communes)
    shutil.copy(HERE / "mkdocs.yml", out / "mkdocs.yml")
    shutil.copytree(HERE / "theme", out / "theme")
    shutil.copytree(HERE / "content" / "assets", out / "content" / "assets")
    shipped = load_plan(HERE / "content" / "plan.yml")
    if shipped.register is not None:  # the unit register the plan names (the tally reads it)
        shutil.copy(shipped.register, out / "content" / shipped.register.name)
    if shipped.activities is not None:  # the register of activities, empty: what is measured is stories
        (out / "content" / shipped.activities.name).write_text("activities: []\n", encoding="utf-8")
    for page, title in HAND_WRITTEN:
        (out / "content" / page).write_text(f"# {title}\n", encoding="utf-8")
    plan = load_plan(out / "content" / "plan.yml")
    rng = random.Random(seed)
    samples = _sample_photos() if photo_every else []
    for index in range(1, count + 1):
        photo = f"cau-chuyen-{index:05d}.jpg" if photo_every and index % photo_every == 0 else None
        relative, text = story(rng, plan, index, photo)
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if photo:
            (path.parent / photo).write_bytes(_photo(samples[index % len(samples)], index))
    return out


def _add_communes(plan_path: Path, count: int) -> None:
    data = yaml.safe_load(plan_path.read_text(encoding="utf-8"))
    data["chapters"] += [{"id": f"xa-{number:05d}", "name": f"Hội Chữ thập đỏ xã Mẫu {number}", "short": f"Xã Mẫu {number}",
                          "level": "commune", "active_from": dt.date(2025, 7, 1)} for number in range(1, count + 1)]
    plan_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _sample_photos():
    from PIL import Image

    return [Image.open(path).convert("RGB") for path in sorted(HERE.glob("stories/*/*.jpg"))]


def _photo(sample, index: int) -> bytes:
    """The sample at phone-photo width with the story's number drawn on it: every file is different."""
    from PIL import ImageDraw

    height = round(sample.height * PHOTO_WIDTH / sample.width)
    picture = sample.resize((PHOTO_WIDTH, height))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((40, 40, 40 + 12 * len(str(index)) + 20, 80), fill=(255, 255, 255))
    draw.text((50, 50), str(index), fill=(0, 0, 0))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--photo-every", type=int, default=0, metavar="K",
                        help="every K-th story has a photo (0: none)")
    parser.add_argument("--communes", type=int, default=0, metavar="C", help="add C commune chapters to the plan")
    args = parser.parse_args()
    write_repository(args.count, args.out, args.seed, args.photo_every, args.communes)
    print(f"{args.count} truyện trong {args.out}")


if __name__ == "__main__":
    main()
