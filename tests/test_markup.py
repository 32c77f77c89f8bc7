"""The body renderer: linear in time on brackets, bounded in size and nesting, no remote image."""

from __future__ import annotations

import sys
import time

import markdown
import pytest

from generator import markup

# Bodies made of one piece repeated: each took quadratic time in Python-Markdown's own link
# patterns (10 KB of `[` took 30 s) or exhausted the stack.
BRACKET_PIECES = ["[", "[a ", "![", "[^", "[a](", '[a]("x) ', "[a](b) ", "[[a]](b) ", "[x][", "[a](<b> '"]


def render_seconds(body: str) -> float:
    markup.rendered_html.cache_clear()
    markup.body_html.cache_clear()
    # Processor time, not wall time: other work on a shared machine does not count.
    start = time.process_time()
    markup.body_html(body)
    return time.process_time() - start


@pytest.mark.parametrize("piece", BRACKET_PIECES)
def test_a_bracket_heavy_body_renders_in_time_linear_in_its_length(piece):
    body = (piece * (40_000 // len(piece) + 1))[:40_000]
    # Python-Markdown alone takes minutes on most of these; linear rendering a fraction of a second.
    assert render_seconds(body) < 4


PLAIN = markdown.Markdown(extensions=list(markup.BODY_EXTENSIONS), output_format="html")


@pytest.mark.parametrize("body", [
    "[Hội Chữ thập đỏ](https://redcross.org.vn) tỉnh",
    "[trang (cũ)](https://vi.wikipedia.org/wiki/Vĩnh_Phúc_(tỉnh)) và [mới](/a 'Tiêu đề') [ba](/b \"Hai\")",
    "![Cô Hoa](anh.jpg \"Lớp học\") và [![nhỏ](nho.jpg)](lon.jpg)",
    "[tham khảo][1], [khác][] và [ngắn]\n\n[1]: https://a.vn\n[khác]: /k\n[ngắn]: /n 'N'",
    "Chú thích[^1] ở cuối.\n\n[^1]: Theo lời cô Hoa.",
    "[a [b] c](/u) [x](<có dấu cách> 'q') [không phải liên kết] [[lồng](/u)](/v) ![a [b]](c.jpg)",
    "- [mục](/m)\n- [[x]](/y)\n\n> [trích](/t)",
    "[a](b)[c](d) [e] (f) [g]\n(h) [l3](  có   cách  )",
])
def test_links_images_and_references_render_as_python_markdown_renders_them(body):
    assert markup.rendered_html(body) == PLAIN.reset().convert(body)


def stack_depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


def deep_list(depth: int) -> str:
    return "".join("    " * level + "- mục\n" for level in range(depth))


# id, body, words of the message
TOO_MUCH = [
    ("long", "Chữ. " * 25_000, "tối đa 100.000"),
    ("list", deep_list(40), "lồng nhau quá 30 tầng"),
    ("numbered-list", "".join("    " * level + "1. mục\n" for level in range(35)), "lồng nhau quá 30 tầng"),
    ("quote", "> " * 31 + "trích", "dấu >"),
    ("list-in-quote", "> - " * 16 + "x", "lồng nhau quá 30 tầng"),
    ("definitions", "".join("    " * level + "từ\n" + "    " * level + ":   nghĩa\n" for level in range(32)),
     "lồng nhau quá 30 tầng"),
    ("links", "[" * 40 + "a" + "](b)" * 40, "ngoặc vuông"),
    ("brackets", "[" * 31 + "]" * 31, "ngoặc vuông"),
    ("markdown-html", '<div markdown="1">\n' * 31 + "x\n" + "</div>\n" * 31, "thuộc tính markdown"),
]


@pytest.mark.parametrize("body, words", [case[1:] for case in TOO_MUCH], ids=[case[0] for case in TOO_MUCH])
def test_a_body_beyond_the_limits_is_named_with_a_reason(body, words):
    offset, message = markup.body_trouble(body)
    assert words in message
    assert 0 <= offset <= len(body)


@pytest.mark.parametrize("body", [
    deep_list(6),
    "> > > trích ba tầng\n",
    "[" * 5000 + " không đóng, không lồng gì cả",
    "[" * 30 + "]" * 30,
    "Chữ. " * 19_000,
    "          Thơ thụt lề rất sâu - không phải danh sách\n" * 10,
    '<div markdown="1">\n' * 5 + "x\n" + "</div>\n" * 5,
])
def test_real_text_is_within_the_limits(body):
    assert markup.body_trouble(body) is None


@pytest.mark.parametrize("body", [deep_list(60), "<div markdown='1'>\n" * 60 + "mục\n" + "</div>\n" * 60])
def test_rendering_never_raises_even_past_the_limits(body):
    # A small stack makes these bodies exhaust it as a few hundred levels would exhaust the usual one.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(stack_depth() + 150)
    try:
        markup.rendered_html.cache_clear()
        with pytest.raises(RecursionError):
            PLAIN.reset().convert(body)
        html, _ = markup.body_html(body)
    finally:
        sys.setrecursionlimit(limit)
    assert "mục" in html
    # and the renderer is whole again for the next story
    assert markup.rendered_html("*chữ*") == "<p><em>chữ</em></p>"


REMOTE = [
    ("markdown", "![Cô Hoa](https://anh.example.com/hoa.jpg)", "https://anh.example.com/hoa.jpg"),
    ("http", "![](http://anh.example.com/hoa.jpg)", "http://anh.example.com/hoa.jpg"),
    ("html", '<img src="https://anh.example.com/a.png" alt="a">', "https://anh.example.com/a.png"),
    ("protocol-relative", "![a](//anh.example.com/a.jpg)", "//anh.example.com/a.jpg"),
    ("backslashes", '<img src="/\\anh.example.com/a.jpg">', "/\\anh.example.com/a.jpg"),
    ("reference", "![a][hinh]\n\n[hinh]: https://anh.example.com/r.jpg", "https://anh.example.com/r.jpg"),
    ("srcset", '<img srcset="nho.jpg 1x, https://anh.example.com/lon.jpg 2x" alt="a">', "https://anh.example.com/lon.jpg"),
    ("inside-link", "[![a](https://anh.example.com/n.jpg)](https://a.vn)", "https://anh.example.com/n.jpg"),
    ("upper-case-scheme", '<IMG SRC="HTTPS://anh.example.com/u.jpg">', "HTTPS://anh.example.com/u.jpg"),
]


@pytest.mark.parametrize("body, address", [case[1:] for case in REMOTE], ids=[case[0] for case in REMOTE])
def test_a_remote_image_is_found_and_never_reaches_the_page(body, address):
    assert markup.remote_images(body) == (address,)
    html, removed = markup.body_html(body)
    assert "anh.example.com" not in html
    assert not [item for item in removed if "src" in item and "srcset" not in item]


@pytest.mark.parametrize("body, kept", [
    ("![Cô Hoa](hoa.jpg)", 'src="hoa.jpg"'),
    ('<img src="anh/hoa.jpg" alt="">', 'src="anh/hoa.jpg"'),
    ("![](./hoa.jpg)", 'src="./hoa.jpg"'),
    ("[trang](https://a.vn)", 'href="https://a.vn"'),
    ("<https://a.vn/anh.jpg>", 'href="https://a.vn/anh.jpg"'),
])
def test_local_images_and_links_to_other_sites_stay(body, kept):
    assert markup.remote_images(body) == ()
    assert kept in markup.body_html(body)[0]


@pytest.mark.parametrize("body", ["![](data:image/png;base64,iVBORw0KGgo=)", '<img src="javascript:alert(1)">'])
def test_an_image_that_fetches_nothing_is_left_to_the_sanitiser(body):
    assert markup.remote_images(body) == ()
    html, removed = markup.body_html(body)
    assert "src" not in html and removed
