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
    paragraphs = [PARAGRAPH.format(name=name)] + [
        " ".join(rng.choice(SENTENCES).format(name=name, n=rng.randint(2, 90), place=rng.choice(PLACES),
                                              year=rng.randint(2015, 2026), deed=rng.choice(DEEDS).lower())
                 for _ in range(rng.randint(3, 6)))
        for _ in range(rng.randint(2, 5))]
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
    plan = load_plan(HERE / "content" / "plan.yml")
    if plan.register is not None:  # the unit register the plan names (the tally reads it)
        shutil.copy(plan.register, args.out / "content" / plan.register.name)
    shutil.copy(HERE / "mkdocs.yml", args.out / "mkdocs.yml")
    shutil.copytree(HERE / "theme", args.out / "theme")
    shutil.copytree(HERE / "content" / "assets", args.out / "content" / "assets")
    for page, title in (("phong-trao.md", "Phong trào"), ("de-cu.md", "Giới thiệu")):
        (args.out / "content" / page).write_text(f"# {title}\n", encoding="utf-8")
    rng = random.Random(args.seed)
    for index in range(1, args.count + 1):
        relative, text = story(rng, plan, index)
        path = args.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"{args.count} truyện trong {args.out}")


if __name__ == "__main__":
    main()
