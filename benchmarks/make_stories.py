"""Generate N valid stories in a scratch repository, to time ``nttv check`` and the build.

    python benchmarks/make_stories.py 1000 ../nttv-bench
    time nttv --root ../nttv-bench check

The repository gets this project's plan, mkdocs.yml and theme, so that ``mkdocs build`` also runs
there. Stories are spread over the years and chapters of the plan, both kinds, each one valid and
about a different person; the same N and seed always give the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
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


def story(rng: random.Random, plan, index: int) -> tuple[str, str]:
    """(relative path, text) of the ``index``-th story."""
    day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(0, 1400))
    kind = "individual" if index % 3 else "collective"
    chapter = rng.choice(plan.chapters_active_on(day))
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {index}"
    data = {
        "title": f"{rng.choice(DEEDS)} – câu chuyện số {index}",
        "kind": kind,
        "person": {"name": name, "id": f"nguoi-{index}"},
        "chapter": chapter.id,
        "deed": rng.choice(DEEDS),
        "criteria": list(plan.kinds[kind].criterion_ids),
        "date": day.isoformat(),
        "consent": {"by": name, "date": (day - dt.timedelta(days=7)).isoformat(), "scope": ["website", "facebook", "zalo"]},
        "support": ["material", "labour"],
    }
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    paragraphs = [PARAGRAPH.format(name=name)] * rng.randint(2, 6)
    body = (paragraphs[0] + "\n\n<!-- more -->\n\n" + "\n\n".join(paragraphs[1:])
            + f"\n\n**{chapter.name}** – [xem thêm về phong trào](https://hoichuthapdo.example.org/phong-trao/)")
    return f"stories/{day.year}/cau-chuyen-{index:05d}.md", f"---\n{front}---\n{body}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    (args.out / "content").mkdir(parents=True)
    shutil.copy(HERE / "content" / "plan.yml", args.out / "content" / "plan.yml")
    shutil.copy(HERE / "mkdocs.yml", args.out / "mkdocs.yml")
    shutil.copytree(HERE / "theme", args.out / "theme")
    for page, title in (("index.md", "Trang chủ"), ("phong-trao.md", "Phong trào"), ("de-cu.md", "Giới thiệu")):
        (args.out / "content" / page).write_text(f"# {title}\n", encoding="utf-8")
    plan = load_plan(HERE / "content" / "plan.yml")
    rng = random.Random(args.seed)
    for index in range(1, args.count + 1):
        relative, text = story(rng, plan, index)
        path = args.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"{args.count} truyện trong {args.out}")


if __name__ == "__main__":
    main()
