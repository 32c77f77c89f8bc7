"""What only the MkDocs plugin needs: the column's files in MkDocs's list of files, and the generated
HTML kept out of MkDocs's Markdown pass. ``plugin`` (the entry point MkDocs loads) uses these."""
