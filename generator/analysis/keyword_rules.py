"""A topic's keywords as the curator writes them: weights, family rules (`Qwen*`), case-exact rules.

    keywords:
      监管: 3                           # a weight greater than 0
      Qwen*: 3                          # a family: Qwen3, Qwen2.5-Coder
      ReAct: {weight: 3, case: exact}   # only as written

What each form matches: `generator.analysis.phrases`. Every mistake is a
BriefingError naming the file, the keyword and its line.
"""

from __future__ import annotations

from generator.analysis.phrases import FAMILY, is_family, phrase_key
from generator.core.errors import BriefingError
from generator.core.yamlfile import line_of

KEYWORD_KEYS = frozenset({"weight", "case"})
CASES = ("any", "exact")
MIN_FAMILY = 3  # letters before `*`: `Q*` would take every word starting with q


def parse_keywords(body: object, display: str, line: int) -> tuple[tuple[tuple[str, float], ...], tuple[str, ...]]:
    """A topic's `keywords`: (phrase, weight) pairs and the phrases marked `case: exact`.

    Raises:
        BriefingError: naming the file, the keyword and its line.
    """
    field = "keywords"
    if not isinstance(body, dict) or not body:
        raise BriefingError("a topic needs keywords: a mapping of phrase -> weight", display, line, field)
    out, exact, seen = [], [], {}
    for key, value in body.items():
        at = line_of(body, key) + 1
        phrase = phrase_text(key, field, display, at)
        weight, case = _keyword_value(value, phrase, display, at)
        _check_rule(phrase, case, display, at)
        folded = phrase_key(phrase, case == "exact")
        if folded in seen:
            raise BriefingError(f"`{phrase}` repeats `{seen[folded]}` (case and width are ignored)", display, at, field)
        seen[folded] = phrase
        out.append((phrase, weight))
        if case == "exact":
            exact.append(phrase)
    return tuple(out), tuple(exact)


def _keyword_value(value: object, phrase: str, display: str, at: int) -> tuple[float, str]:
    """A keyword's value: a weight, or `{weight: 3, case: exact}`."""
    field = f"keywords: {phrase}"
    if not isinstance(value, dict):
        return number(value, field, display, at), "any"
    unknown = sorted(str(k) for k in value if k not in KEYWORD_KEYS)
    if unknown:
        raise BriefingError(f"unknown key `{unknown[0]}`; a keyword takes `weight` and `case`", display, at, field)
    if "weight" not in value:
        raise BriefingError("needs a `weight`: `{weight: 3, case: exact}`", display, at, field)
    case = value.get("case", "any")
    if case not in CASES:
        raise BriefingError(f"`case` must be `exact` or `any`, not {case!r}", display, at, field)
    return number(value["weight"], field, display, at), case


def _check_rule(phrase: str, case: str, display: str, at: int) -> None:
    """A family rule (`Qwen*`) and a case-exact one must be able to mean something."""
    field = f"keywords: {phrase}"
    body = phrase.removesuffix(FAMILY).strip() if is_family(phrase) else phrase
    if FAMILY in body:
        raise BriefingError(f"`{phrase}`: `*` may only end a phrase, as in `Qwen*`", display, at, field)
    if is_family(phrase):
        if not body or not (body[-1].isascii() and body[-1].isalnum()):
            raise BriefingError(
                f"`{phrase}`: a family rule must end in a Latin letter or digit before `*` "
                "(a Chinese phrase already matches inside longer words)",
                display,
                at,
                field,
            )
        if sum(c.isalnum() for c in body) < MIN_FAMILY:
            raise BriefingError(f"`{phrase}`: too short for a family rule (at least {MIN_FAMILY} letters before `*`)", display, at, field)
    if case == "exact" and body == body.lower() == body.upper():
        raise BriefingError(f"`{phrase}`: `case: exact` needs a phrase with Latin letters", display, at, field)


def number(value: object, field: str, display: str, line: int) -> float:
    """A weight: a number greater than 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise BriefingError(f"must be a number greater than 0, not {value!r}", display, line, field)
    return float(value)


def phrase_text(key: object, field: str, display: str, line: int) -> str:
    """A phrase: non-empty text (YAML reads `yes` as true)."""
    if not isinstance(key, str) or not key.strip():
        raise BriefingError(f'phrase {key!r} must be text (quote it: "{key}")', display, line, field)
    return key.strip()
