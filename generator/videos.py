"""Videos in a story: a link on its own line to YouTube, Facebook or a broadcaster's page.

The link is read from the story's Markdown, never fetched: what a video block shows (a poster
with the link's text, the host's name) is known at build time. A YouTube or Facebook video plays
in place once the reader taps it, from YouTube's privacy-enhanced address or Facebook's video
plugin; a broadcaster's page opens in a new tab. Until the tap the page loads nothing from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Sequence
from urllib.parse import parse_qs, quote, urlsplit

from .reading.plan import Broadcaster

YOUTUBE, FACEBOOK, BROADCASTER = "youtube", "facebook", "broadcaster"
# The consent scope each kind of video needs: a station's or YouTube's video puts a face and a
# voice on air (`broadcast`); a Facebook video is shown from the Facebook page it lives on.
SCOPES = {YOUTUBE: "broadcast", BROADCASTER: "broadcast", FACEBOOK: "facebook"}
HOST_NAMES = {YOUTUBE: "YouTube", FACEBOOK: "Facebook"}
# Where the player comes from when the reader taps: the only host the page ever asks, and only then.
PLAYER_HOSTS = {YOUTUBE: "www.youtube-nocookie.com", FACEBOOK: "www.facebook.com"}

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtu.be",
                  "youtube-nocookie.com", "www.youtube-nocookie.com"}
FACEBOOK_HOSTS = {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com", "fb.watch", "www.fb.watch"}
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_YOUTUBE_PATH = re.compile(r"^/(?:embed|shorts|live|v)/([A-Za-z0-9_-]{11})(?:[/?#]|$)")
_FACEBOOK_PATH = re.compile(r"/(?:videos|reel|reels|watch)(?:/|$)|^/share/[vr]/")
_SHORT_HOSTS = {"youtu.be", "www.youtu.be", "fb.watch", "www.fb.watch"}
_LOOKS_LIKE_VIDEO = re.compile(r"/(?:watch|embed|shorts|live|v|videos|reels?)(?:/|$)")
_START = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")

# A line that is only a link: a bare address, an autolink `<…>`, or `[text](address "title")`.
_BARE = re.compile(r"^<?(?P<url>https?://[^\s<>]+)>?$", re.IGNORECASE)
_LINKED = re.compile(r"^\[(?P<text>[^\[\]\n]+)\]\(\s*<?(?P<url>https?://[^\s<>()]+)>?(?:\s+\"[^\"\n]*\")?\s*\)$",
                     re.IGNORECASE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Video:
    """One video link of a story: the line as written, its text, and what a tap does."""

    line: str  # the whole line, stripped: how the link is found again in any part of the body
    url: str
    text: str  # the link's text; empty for a bare address
    platform: str  # YOUTUBE, FACEBOOK or BROADCASTER
    host_name: str  # "YouTube", "Facebook" or the broadcaster's name
    player: str  # the address loaded in place on a tap; empty for a broadcaster (its page opens in a new tab)
    short_address: str  # the address to type from paper: `youtu.be/…`, without `https://` or `www.`
    offset: int = 0  # where the line starts in the text it was found in

    @property
    def scope(self) -> str:
        return SCOPES[self.platform]

    @property
    def host(self) -> str:
        """The host a tap asks: the player's for YouTube and Facebook, the broadcaster's own otherwise."""
        return PLAYER_HOSTS.get(self.platform) or (urlsplit(self.url).hostname or "")

    def allowed(self, scope: Sequence[str]) -> bool:
        return self.scope in scope


@dataclass(frozen=True)
class NotAVideo:
    """A link on its own line to YouTube or Facebook that names no video (a channel, a page)."""

    url: str
    host_name: str
    offset: int


def link_lines(text: str) -> Iterator[tuple[int, str, str, str]]:
    """Each line of ``text`` that is only a link, outside code: ``(offset, line, link text, address)``."""
    offset = 0
    fence = ""
    for raw in text.split("\n"):
        start = offset
        offset += len(raw) + 1
        opening = _FENCE.match(raw)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) and not raw.strip(" `~"):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        if len(raw) - len(raw.lstrip(" ")) > 3 or raw.startswith("\t"):
            continue  # indented: code, or part of a list item, not a line of its own
        line = raw.strip()
        found = _LINKED.match(line) or _BARE.match(line)
        if found:
            words = found.groupdict().get("text") or ""
            yield start, line, " ".join(words.split()), found.group("url")


def find_videos(text: str, broadcasters: Sequence[Broadcaster]) -> tuple[tuple[Video, ...], tuple[NotAVideo, ...]]:
    """The videos linked on lines of their own in ``text``, in order, and the YouTube or Facebook
    links that look like a video's but name none (a cut-off address): they stay plain links. A
    channel's or a page's address is a link like any other."""
    videos: list[Video] = []
    others: list[NotAVideo] = []
    for offset, line, words, url in link_lines(text):
        video = video_of(url, broadcasters)
        if video is not None:
            videos.append(Video(line, url, words, *video, offset=offset))
            continue
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if host in YOUTUBE_HOSTS | FACEBOOK_HOSTS and (host in _SHORT_HOSTS or _LOOKS_LIKE_VIDEO.search(parts.path)):
            others.append(NotAVideo(url, HOST_NAMES[YOUTUBE if host in YOUTUBE_HOSTS else FACEBOOK], offset))
    return tuple(videos), tuple(others)


def video_of(url: str, broadcasters: Sequence[Broadcaster]) -> tuple[str, str, str, str] | None:
    """``(platform, host name, player, short address)`` of a video address, or None."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if host in YOUTUBE_HOSTS:
        return _youtube(parts, host)
    if host in FACEBOOK_HOSTS:
        if host.endswith("fb.watch") and parts.path.strip("/") or _FACEBOOK_PATH.search(parts.path) and (
                "/watch" not in parts.path or parse_qs(parts.query).get("v")):
            https = parts._replace(scheme="https").geturl()
            player = f"https://{PLAYER_HOSTS[FACEBOOK]}/plugins/video.php?href={quote(https, safe='')}&show_text=false&t=0"
            return FACEBOOK, HOST_NAMES[FACEBOOK], player, _short(parts)
        return None
    for broadcaster in broadcasters:
        if any(host == own or host.endswith("." + own) for own in broadcaster.hosts) and parts.path.strip("/"):
            return BROADCASTER, broadcaster.name, "", _short(parts)
    return None


def _youtube(parts, host: str) -> tuple[str, str, str, str] | None:
    query = parse_qs(parts.query)
    if host.endswith("youtu.be"):
        candidate = parts.path.strip("/").split("/")[0]
    elif parts.path.rstrip("/") == "/watch":
        candidate = (query.get("v") or [""])[0]
    else:
        found = _YOUTUBE_PATH.match(parts.path)
        candidate = found.group(1) if found else ""
    if not _YOUTUBE_ID.fullmatch(candidate):
        return None
    start = _seconds((query.get("t") or query.get("start") or [""])[0])
    player = f"https://{PLAYER_HOSTS[YOUTUBE]}/embed/{candidate}?autoplay=1" + (f"&start={start}" if start else "")
    return YOUTUBE, HOST_NAMES[YOUTUBE], player, f"youtu.be/{candidate}" + (f"?t={start}" if start else "")


def _seconds(value: str) -> int:
    """``90``, ``90s``, ``1m30s`` or ``1h2m3s`` in seconds; 0 for anything else."""
    found = _START.match(value.strip().lower()) if value else None
    if not found:
        return 0
    hours, minutes, seconds = (int(part or 0) for part in found.groups())
    return hours * 3600 + minutes * 60 + seconds


def _short(parts) -> str:
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return host + path + (f"?{parts.query}" if parts.query else "")


def pieces(text: str, videos: Sequence[Video]) -> list[str | Video]:
    """``text`` cut at its video lines: runs of Markdown and the videos, in order. A line is a
    video's when it is only that link, outside code, as ``find_videos`` read it."""
    by_line = {video.line: video for video in videos}
    parts: list[str | Video] = []
    position = 0
    for offset, line, _, _ in link_lines(text):
        video = by_line.get(line)
        if video is None:
            continue
        parts.append(text[position:offset])
        parts.append(video)
        position = text.find("\n", offset)
        position = len(text) if position < 0 else position
    parts.append(text[position:])
    return [part for part in parts if not isinstance(part, str) or part]
