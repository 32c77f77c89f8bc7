"""Rendering: the generated pages, link previews, social posts and share kits."""
