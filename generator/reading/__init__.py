"""Reading and checking: an editor's file to a story, checked against the plan; the new-story template."""
