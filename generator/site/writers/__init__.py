"""Page writers: pure functions from the Site model to Markdown text."""
