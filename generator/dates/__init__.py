"""Date expressions in text -> `DateSpan`s (`2025年12月`, `Q1 2026`, `明年`).

Takes plain text and an optional anchor date; gives spans with their
offsets. Below `sources` because readers date their metadata with it.
"""
