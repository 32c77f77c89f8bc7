"""Publishing tool for the "Người tốt, việc thiện" column.

Grouped by phase: ``reading`` (an editor's file to a checked story), ``counting`` (the tally),
``media`` (photos and share images), ``rendering`` (pages, previews, posts). ``problems``,
``dates``, ``markup`` and ``urls`` are the ground every phase stands on; ``build`` ties the phases
together. None of these imports MkDocs: ``plugin`` and ``cli`` are the thin adapters on top.
"""
