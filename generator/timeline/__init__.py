"""Passages -> dated timeline entries, merged across sources, and the
predictions ledger with its curated verdicts.

Takes passages and the sources' dates; gives `TimelineEntry`s and `Prediction`s,
and for each prediction that has started, passages of later sources that
may decide it (`evidence`).
"""
