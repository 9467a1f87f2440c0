"""Plumbing every stage may use: the document model, ids, paths, errors,
configuration, YAML loading, text helpers, the memo cache and worker pools.

Takes nothing from the other stages; imports nothing above itself.
"""

__version__ = "0.1.0"
