"""The web editor at ``/quan-tri/``: Decap CMS configured from the plan, served from the site itself."""
