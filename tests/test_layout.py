"""The layout environment: a value reaches HTML escaped, a missing value stops the render."""

from __future__ import annotations

import jinja2
import pytest
import yaml

from generator.rendering import layout


@pytest.fixture
def template(tmp_path, monkeypatch):
    """A template written to a scratch folder that the layout environment reads from."""
    def write(name: str, text: str) -> str:
        (tmp_path / name).write_text(text, encoding="utf-8")
        return name
    environment = layout.environment()
    monkeypatch.setattr(environment, "loader", jinja2.ChoiceLoader([jinja2.FileSystemLoader(tmp_path), environment.loader]))
    return write


@pytest.mark.parametrize("value, shown", [
    ('"><img src=x onerror=alert(1)>', "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"),
    ("</title><script>", "&lt;/title&gt;&lt;script&gt;"),
    ("Hòa & Bình", "Hòa &amp; Bình"),
    ("'nháy'", "&#39;nháy&#39;"),
])
def test_a_value_reaches_html_escaped_in_text_and_attributes(template, value, shown):
    name = template("t.html", '<p title="{{ v }}">{{ v }}</p>')
    assert layout.render(name, v=value) == f'<p title="{shown}">{shown}</p>'


def test_html_the_core_made_safe_is_kept(template):
    name = template("t.html", "<div>{{ body }}</div>")
    assert layout.render(name, body=layout.safe("<p>Đoạn <em>một</em></p>")) == "<div><p>Đoạn <em>một</em></p></div>"


def test_a_name_the_template_uses_and_the_data_lacks_stops_the_render(template):
    name = template("t.html", "<p>{{ story.title }}</p>")
    with pytest.raises(jinja2.UndefinedError, match="story"):
        layout.render(name)


def test_links_are_relative_to_the_page_rendered(template):
    name = template("t.html", '<a href="{{ chapter_page("binh-xuyen") | href }}">x</a>')
    assert layout.render(name, here="cau-chuyen/2024/co-giao.md") == '<a href="../../../chi-hoi/binh-xuyen/">x</a>'
    assert layout.render(name, here="index.md") == '<a href="chi-hoi/binh-xuyen/">x</a>'


@pytest.mark.parametrize("title", ['Tiêu đề: "có" nháy', "a\\b #c", "---", "- [x]", "</script>"])
def test_front_matter_reads_back_as_the_data_given(template, title):
    name = template("t.html", "<h1>{{ title }}</h1>\n")
    text = layout.page_text(name, {"lead": title, "share": {"meta": [["property", "og:title", title]]}}, title=title)
    _, front, body = text.split("---\n", 2)
    assert yaml.safe_load(front) == {"lead": title, "share": {"meta": [["property", "og:title", title]]}}
    assert body.strip().startswith("<h1>")


def test_title_and_description_reach_front_matter_escaped_for_the_theme(template):
    name = template("t.html", "<h1>{{ title }}</h1>\n")
    text = layout.page_text(name, {"title": "<b>A</b> & B", "description": '"x"', "lead": "<i>"}, title="t")
    front = yaml.safe_load(text.split("---\n", 2)[1])
    assert front == {"title": "&lt;b&gt;A&lt;/b&gt; &amp; B", "description": "&quot;x&quot;", "lead": "<i>"}


def test_a_story_with_three_sections_gets_a_short_contents_list_and_one_with_two_does_not():
    from generator.rendering.pages import under_title, with_contents

    body = under_title("<p>Mở đầu</p><h2>Lớp học</h2><p>…</p><h2>Các em &amp; cô</h2><p>…</p><h3>Chi tiết</h3><h2>Hôm nay</h2>")
    anchored, contents = with_contents(body)
    assert contents == [("muc-1", "Lớp học"), ("muc-2", "Các em &amp; cô"), ("muc-3", "Hôm nay")]
    assert '<h2 id="muc-2">Các em &amp; cô</h2>' in anchored and "<h3>Chi tiết</h3>" in anchored
    two = under_title("<h2>Một</h2><p>…</p><h2>Hai</h2>")
    assert with_contents(two) == (two, [])
