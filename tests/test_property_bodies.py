"""Random Markdown bodies (nesting, brackets, length) through `nttv check` and the build: the
build never raises, and every story it leaves out was named by the check beforehand."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import shutil

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import TODAY, make_scratch, story_text
from generator import cli
from generator.build import build_site
from scratch_site import fixed_environment

pytestmark = pytest.mark.build

PIECES = [
    "[", "]", "(", ")", "![", "](", "][", "[^1]", "[x]", "<", ">", "`", "*", "_", '"', "'", "\\", "#", "!", "|", ":",
    " ", "chữ", "Cô Hoa", "\n", "\n\n", "\n- ", "\n    - ", "\n1. ", "\n> ", "\n:   ", "\n    ", "<!-- more -->",
    "https://anh.example.com/a.jpg", "//anh.example.com/b.jpg", "anh.jpg", "<img src=", '<div markdown="1">\n', "</div>",
    "\n\n[x]: https://anh.example.com/r.jpg\n", "\n\n[^1]: chú thích\n", "\x1b", "\u202e", "\x07",
]


def repeated(piece: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A piece repeated up to a few thousand times: the lengths where quadratic time shows."""
    return st.tuples(piece, st.integers(min_value=1, max_value=3_000)).map(lambda pair: pair[0] * pair[1])


def nested(depth: int, opener: str, closer: str = "") -> str:
    return opener * depth + "chữ" + closer * depth


nestings = st.builds(
    nested, st.integers(min_value=1, max_value=200),
    st.sampled_from(["[", "![", "> ", "- ", "1. ", "<div markdown=\"1\">\n"]), st.sampled_from(["", "]", "](a)", "\n</div>\n"]),
) | st.builds(lambda depth, marker: "".join("    " * level + marker + " chữ\n" for level in range(depth)),
              st.integers(min_value=1, max_value=60), st.sampled_from(["-", "*", "1.", ">", ":"]))
parts = st.one_of(st.sampled_from(PIECES), repeated(st.sampled_from(PIECES)), nestings,
                  st.text(alphabet=st.sampled_from("aăđ ô[]()!<>`*\n"), max_size=200))
bodies = st.lists(parts, min_size=1, max_size=12).map("".join)

REMOTE_IMAGE = re.compile(r"<img[^>]*\bsrcs?e?t?=[\"']?[^\"'>]*//anh\.example\.com", re.IGNORECASE)
NAMES = ["Nguyễn Thị Hoa", "Trần Văn Bình", "Lê Thị Lan", "Phạm Văn Đức"]


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    with fixed_environment():
        yield make_scratch(tmp_path_factory.mktemp("property-bodies") / "repo")


def write_stories(repo, texts: list[str]) -> list[str]:
    folder = repo.root / "stories" / "2024"
    shutil.rmtree(repo.root / "stories")
    folder.mkdir(parents=True)
    sources = []
    for index, body in enumerate(texts):
        name = NAMES[index % len(NAMES)]
        text = story_text(body=body, person={"name": name},
                          consent={"by": name, "date": "2024-05-01", "scope": ["website", "facebook", "zalo"]})
        (folder / f"truyen-{index}.md").write_text(text, encoding="utf-8")
        sources.append(f"stories/2024/truyen-{index}.md")
    return sources


def checked(repo) -> dict[str, list[dict]]:
    """`nttv check --format json`, problems by file."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = cli.main(["--root", str(repo.root), "check", "--format", "json"])
    assert code in (0, 1)
    found: dict[str, list[dict]] = {}
    for problem in json.loads(out.getvalue()):
        found.setdefault(problem["path"], []).append(problem)
    return found


def named_with_an_error(problems: dict[str, list[dict]]) -> set[str]:
    return {path for path, listed in problems.items() if any(p["severity"] == "error" for p in listed)}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(texts=st.lists(bodies, min_size=1, max_size=4))
def test_the_build_never_raises_and_drops_only_what_check_named(repo, texts):
    with fixed_environment():
        sources = write_stories(repo, texts)
        refused = named_with_an_error(checked(repo))
        plan = repo.plan()
        build = build_site(repo.root, plan, repo.root / "stories", dt.date.fromisoformat(TODAY))
    published = {story.source for story in build.collection.visible(dt.date.fromisoformat(TODAY))}
    event("some story refused" if refused else "every story published")
    pages = {page.path for page in build.pages}
    for source in sources:
        page = f"cau-chuyen/2024/{source.rsplit('/', 1)[1][:-3]}.md"
        assert (page in pages) == (source in published)
        # A story the build leaves out was named by the check before any build, and the other way round.
        assert (source not in published) == (source in refused), (source, texts[sources.index(source)][:200])
    for page in build.pages:
        assert not REMOTE_IMAGE.search(page.text), page.path
        assert "\x1b" not in page.text and "\u202e" not in page.text


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(texts=st.lists(bodies, min_size=3, max_size=4))
def test_mkdocs_builds_random_bodies_and_publishes_what_check_passed(repo, texts):
    with fixed_environment():
        sources = write_stories(repo, texts)
        refused = named_with_an_error(checked(repo))
        result = repo.build()
    assert result.returncode == 0, result.stderr[-3_000:]
    assert "Traceback" not in result.stderr
    for source in sources:
        page = repo.root / "site" / "cau-chuyen" / "2024" / source.rsplit("/", 1)[1][:-3] / "index.html"
        assert page.is_file() == (source not in refused), source
        if page.is_file():
            assert not REMOTE_IMAGE.search(page.read_text(encoding="utf-8")), source
