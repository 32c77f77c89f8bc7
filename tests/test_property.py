"""The loader never raises: whatever an editor's file holds, the outcome is a story or problems."""

from __future__ import annotations

import shutil

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, repo_plan, story_text
from generator.reading import source
from generator.problems import Problem
from generator.reading.story import CONSENT_KEYS, PERSON_KEYS, PHOTO_KEYS, TOP_KEYS, Story, read_story

GOOD = story_text()
PLAN = repo_plan()
RUN = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    root = tmp_path_factory.mktemp("repo")
    (root / "content").mkdir()
    shutil.copy(REPO / "content" / "plan.yml", root / "content" / "plan.yml")
    (root / "stories" / "2024").mkdir(parents=True)
    return root


def outcome(root, raw: bytes) -> tuple[Story | None, list[Problem]]:
    path = root / "stories" / "2024" / "truyen.md"
    path.write_bytes(raw)
    story, problems = read_story(path, root, PLAN)
    assert story is None or isinstance(story, Story)
    if story is None:
        assert any(problem.is_error for problem in problems)
    for problem in problems:
        assert problem.path == "stories/2024/truyen.md"
        assert problem.line >= 1 and problem.column >= 1
        assert problem.field and problem.message
        assert "lỗi của chương trình" not in problem.message, problem
    return story, problems


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=40), st.text(min_size=2_000, max_size=5_000, alphabet="aăâđ ÔƠ<>&\"'\\:#-[]{}"),
    st.sampled_from(["2024-05-08", "8/5/2024", "2024-5-8", "2024-02-30", "binh-xuyen", "individual",
                     "../../etc/passwd", "javascript:alert(1)", "\u202e", "<script>", "~", "*a", "&a", "!!python/object"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)
FIELDS = ([(key,) for key in TOP_KEYS] + [("person", key) for key in PERSON_KEYS]
          + [("consent", key) for key in CONSENT_KEYS] + [("photos", 0, key) for key in PHOTO_KEYS])


@RUN
@given(raw=st.binary(max_size=2_000))
def test_random_bytes(repo, raw):
    outcome(repo, raw)


@RUN
@given(raw=st.binary(max_size=300), where=st.integers(min_value=0, max_value=len(GOOD.encode())))
def test_valid_story_with_bytes_spliced_in(repo, raw, where):
    good = GOOD.encode()
    outcome(repo, good[:where] + raw + good[where:])


@RUN
@given(cut=st.integers(min_value=0, max_value=len(GOOD)))
def test_truncated_story(repo, cut):
    outcome(repo, GOOD[:cut].encode())


@RUN
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
       where=st.integers(min_value=0, max_value=len(GOOD)))
def test_control_and_other_characters_anywhere(repo, text, where):
    outcome(repo, (GOOD[:where] + text + GOOD[where:]).encode("utf-8", "surrogatepass"))


def front_with(field: tuple, value) -> str:
    """The good story's front matter (with a photo) where ``field`` holds ``value``."""
    data = yaml.safe_load(GOOD.split("---\n")[1])
    data["photos"] = [{"src": "anh.jpg", "alt": "Ảnh"}]
    target = data
    for step in field[:-1]:
        target = target[step]
    target[field[-1]] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@RUN
@given(field=st.sampled_from(FIELDS), value=values)
@pytest.mark.slow
def test_any_field_given_any_value(repo, field, value):
    front = front_with(field, value)
    outcome(repo, f"---\n{front}---\nNội dung.\n".encode())


BODY_PIECES = list("ab <>/=\"'`*_[]()!#-|:\n") + ["<!-- more -->", "<script>", "on", "javascript:", "<iframe", "-->", "<!--"]


@RUN
@given(body=st.lists(st.sampled_from(BODY_PIECES), max_size=120).map("".join))
def test_any_markdown_or_html_body(repo, body):
    story, problems = outcome(repo, story_text(body=body).encode())
    assert all(not problem.is_error or problem.field == "(nội dung)" for problem in problems)


@RUN
@given(depth=st.integers(min_value=1, max_value=3_000), bracket=st.sampled_from(["[", "{", "- "]))
@pytest.mark.slow
def test_deeply_nested_front_matter(repo, depth, bracket):
    nested = "\n" + "".join("  " * level + "- " for level in range(min(depth, 200))) + "x" if bracket == "- " \
        else bracket * depth + "x"
    outcome(repo, f"---\ntitle: {nested}\n---\nx\n".encode())


def parsed_both_ways(text: str, monkeypatch) -> list:
    """``source.parse`` with libyaml and with PyYAML alone: data and positions, or the error."""
    results = []
    for with_libyaml in (True, False):
        monkeypatch.setattr(yaml, "__with_libyaml__", with_libyaml)
        try:
            parsed = source.parse(text)
            results.append((parsed.data, parsed.positions, parsed.key_positions, parsed.body_line))
        except source.SourceError as exc:
            results.append((exc.message, exc.line, exc.column, exc.field))
    return results


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), value=values, cut=st.integers(min_value=0, max_value=400))
def test_libyaml_and_pyyaml_read_a_story_alike(field, value, cut):
    front = front_with(field, value)
    with pytest.MonkeyPatch.context() as monkeypatch:
        for text in (f"---\n{front}---\nNội dung.\n", f"---\n{front[:cut]}\n---\nNội dung.\n"):
            fast, reference = parsed_both_ways(text, monkeypatch)
            assert fast == reference
