"""Post-build fixes to Material's search output in the built site.

Both run from the plugin's `on_post_build`, after Material's search
plugin has written the worker and the index into the site folder.
"""

from __future__ import annotations

import json
from pathlib import Path

# Material's search worker splits a Chinese query into the index's words,
# but its inner loop stops one character short of the query's end: the
# whole query is never tried as a word, so `数据中心` is searched as
# `数据* 中*` (and `中` is what gets highlighted on the result page).
_QUERY_SPLIT = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
_QUERY_SPLIT_FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"


def fix_search_worker(site_dir: Path) -> bool:
    """Let a Chinese query match a whole indexed word; False when the worker no longer has the bug's code.

    A False after a Material upgrade means: check whether upstream fixed it
    (the browser test `test_chinese_query_is_searched_as_one_word` tells).
    """
    fixed = False
    for worker in sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js")):
        code = worker.read_text(encoding="utf-8")
        if _QUERY_SPLIT in code:
            worker.write_text(code.replace(_QUERY_SPLIT, _QUERY_SPLIT_FIXED), encoding="utf-8")
            fixed = True
        elif _QUERY_SPLIT_FIXED in code:
            fixed = True  # already fixed (a rebuild over an unchanged worker)
    return fixed


def compact_search_index(site_dir: Path) -> tuple[int, int]:
    """Rewrite search_index.json as plain UTF-8; returns (bytes before, bytes after).

    MkDocs writes it with `\\uXXXX` escapes: six bytes for every Chinese
    character and for every U+200B jieba inserts between words, where
    UTF-8 takes three.
    """
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return 0, 0
    raw = path.read_bytes()
    compact = json.dumps(json.loads(raw), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if compact != raw:
        path.write_bytes(compact)
    return len(raw), len(compact)
