"""Link previews: what Facebook, Zalo and search engines read from a story page's head.

The tags go into the generated page's front matter under ``share``; the theme writes them,
escaping each value. Every address is absolute.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from ..reading.plan import Plan
from ..media.sharecard import ShareCard
from .social import story_url, zalo_summary
from ..reading.story import Story

LOCALE = "vi_VN"
TWITTER_CARD = "summary_large_image"


def link_preview(story: Story, plan: Plan, card: ShareCard) -> dict[str, Any]:
    """The page's preview: ``meta`` as ``[attribute, name, content]`` rows in page order, and
    ``jsonld``; plain strings, not yet escaped for HTML (the theme escapes each one)."""
    url = story_url(story, plan.site_url)
    image = plan.site_url + card.path
    description = zalo_summary(story) or story.deed
    meta = [
        ("property", "og:type", "article"),
        ("property", "og:locale", LOCALE),
        ("property", "og:title", story.title),
        ("property", "og:description", description),
        ("property", "og:url", url),
        ("property", "og:image", image),
        ("property", "og:image:type", card.media_type),
        ("property", "og:image:width", str(card.width)),
        ("property", "og:image:height", str(card.height)),
        ("property", "og:image:alt", card.alt),
        ("property", "article:published_time", story.date.isoformat()),
    ]
    if story.updated:
        meta.append(("property", "article:modified_time", story.updated.isoformat()))
    meta += [("name", "twitter:card", TWITTER_CARD), ("name", "twitter:image:alt", card.alt)]
    return {"meta": [list(row) for row in meta], "jsonld": news_article(story, plan, url, image, description)}


def front_matter(story: Story, plan: Plan, card: ShareCard) -> str:
    """The ``share:`` entry of the story page's front matter, as YAML lines."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: the pure-Python dumper costs 5 ms a page
    dumped = yaml.dump({"share": link_preview(story, plan, card)}, Dumper=dumper, allow_unicode=True,
                       sort_keys=False, width=2**16)
    return dumped.rstrip("\n")


def news_article(story: Story, plan: Plan, url: str, image: str, description: str) -> str:
    """schema.org ``NewsArticle`` as JSON that is safe inside a ``<script>`` element."""
    chapter = plan.chapter(story.chapter)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "description": description,
        "image": [image],
        "datePublished": story.date.isoformat(),
        "dateModified": (story.updated or story.date).isoformat(),
        "inLanguage": "vi",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "about": {"@type": "Person" if story.kind == "individual" else "Organization", "name": story.person.name},
        "author": {"@type": "Organization", "name": chapter.name if chapter else story.chapter},
        "publisher": {"@type": "Organization", "name": plan.organisation.name},
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</script>" or "<!--" in a title must not end the element: JSON allows these escapes.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
