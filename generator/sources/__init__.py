"""Source files -> `Source` models: decoding, one reader per shape, and the
curated metadata of `seeds/sources.yml` applied on top.

Takes the files in `seeds/`; gives typed `Source` models, never HTML.
"""
