"""Publishing tool for the "Người tốt, việc thiện" column.

Grouped by phase: ``reading`` (an editor's file to a checked story), ``counting`` (the tally),
``media`` (photos and share images), ``rendering`` (pages, previews, posts). ``problems``,
``dates``, ``markup`` and ``urls`` are the ground every phase stands on; ``build`` runs the phases in
order (read, count, media, render) and ``core`` is what every engine calls around it (``prepare``,
``after_build``). None of these imports MkDocs: ``plugin`` (with ``mkdocs_adapter``), ``site_source``
and ``cli`` are the adapters on top.
"""
