"""Publishing tool for the "Người tốt, việc thiện" column.

The core modules (plan, story, tally, pages, ...) import nothing of MkDocs; ``plugin`` and
``cli`` are thin adapters over them.
"""
