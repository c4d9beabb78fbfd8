"""The sincerity linter: free text (facts, updates) and rendered messages.

Public API: :func:`lint_text`, :func:`lint_facts`, :func:`lint_rendered`;
``RULES`` maps every code to its severity and one-line reason. Phrase rules
live in ``rules/<locale>.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from gateway.messages.context import is_keyed_by_locale
from gateway.messages.lint import checks, learned
from gateway.messages.lint.checks import RULES, Rule
from gateway.messages.lint.findings import Finding
from gateway.messages.lint.phrases import shipped_locales
from gateway.messages.lint.rarity import common_words
from gateway.messages.readability import _hyphenation

__all__ = ["RULES", "Finding", "Rule", "lint_facts", "lint_rendered", "lint_text", "summarise"]

_PROSE_FIELDS = ("what_happened", "impact", "actions_taken")
_TAG = re.compile(r"<style\b.*?</style>|<[^>]*>", re.IGNORECASE | re.DOTALL)
# the end of a suggestion's first sentence (a closing quote may follow it)
_FIRST_SENTENCE = re.compile(r"(?<=[.!?。！？])[\"”]?\s*")


def lint_text(text: str, locale: str, field: str, public_url: str | None = None) -> list[Finding]:
    """Lint free text with the rules of ``locale``; spans index into ``text``."""
    text = "" if text is None else str(text)
    found = checks.run_rules(checks.TEXT_RULES, text, locale, field)
    found += checks.learned(text, locale, field, found)
    if public_url:
        found += checks.links(text, field, public_url)
    return sorted(one_per_code(found), key=lambda f: (f.span[0], f.code))


def _first_sentence(suggestion: str) -> str:
    """The suggestion's first sentence, bare of quotes: the rewrite it leads with."""
    lead = _FIRST_SENTENCE.split(suggestion, maxsplit=1)[0].strip().strip('"“”')
    return lead.rstrip(".!?。！？")


# an instruction, then the rewrite in quotes: 'Say what we got wrong: "We should have ..."'
_QUOTED_LEAD = re.compile(r'^[^"“”:：]{1,60}[:：]\s*["“]([^"”]+)')


def _lead(suggestion: str) -> str:
    """The rewrite a suggestion leads with: its first sentence, or where an instruction comes
    first, the first sentence of the rewrite it quotes."""
    quoted = _QUOTED_LEAD.match(suggestion)
    return _first_sentence(quoted.group(1) if quoted else suggestion)


def _holds(one: Finding, other: Finding) -> bool:
    """``one``'s suggestion holds ``other``'s rewrite (its first sentence, or the first of the
    rewrite it quotes) and is no shorter; a lead of a stock word or two ("We're sorry.") is no
    rewrite of the sentence."""
    said, lead = one.suggestion or "", _lead(other.suggestion or "")
    rewrite = len(lead.split()) >= 3 or (" " not in lead and len(lead) >= 6)  # zh: no spaces
    return rewrite and lead in said and len(said) >= len(other.suggestion or "")


def _overlaps(one: tuple[int, int], other: tuple[int, int]) -> bool:
    """Two spans that share a character (called only for findings of one code: the pairs of a
    long text's findings are many, its pairs of one code few)."""
    return one[0] < other[1] and other[0] < one[1]


def one_per_code(findings: list[Finding]) -> list[Finding]:
    """One finding where two of one code overlap and one suggestion already holds the other's
    rewrite ("Say it as ours: \"We shipped the wrong parts.\" ..." holds "We shipped the wrong
    parts. ..."): the one that holds it, the more specific; of two that hold each other, the
    first. Overlapping findings whose suggestions differ are both kept (tests pin either one)."""
    kept: list[Finding] = []
    for f in findings:
        if any(k.code == f.code and _overlaps(k.span, f.span) and _holds(k, f) for k in kept):
            continue
        kept = [k for k in kept if not (
            k.code == f.code and _overlaps(k.span, f.span) and _holds(f, k))] + [f]
    return kept


def warm_up() -> None:
    """Load the linter's dictionaries (lemminflect's compact copy, jieba's in a trie) and compile
    its rules now: otherwise the first request that lints pays ~1.5 s for them. An API
    process calls this at start (wsgi.py).

    What is built through a larger transient comes first, while little else is resident:
    the hyphenation trie (built whole, then its equal subtrees shared: the copies it drops
    leave room the rest then takes), then the learned models (read from their JSON text
    into flat arrays, ~8 MB for a moment). Measured after `create_app()` and this (glibc set
    as wsgi.py sets it): resident 124.6 -> 122.8 MB, the peak on the way (VmHWM) 128.4 ->
    126.7, against the lints first and the trie last (issue 14: 128 MB a process)."""
    _hyphenation()  # reading ease's hyphenation patterns as a trie
    for locale in ("en", "zh-CN"):
        learned.model(locale)
    for locale, sample in (("en", "We are sorry: the courier lost your parcel."),
                           ("zh-CN", "对不起，快递公司弄丢了您的包裹。")):
        lint_text(sample, locale, "body")
    common_words("en")  # the rarity check's list (english/rare.py), read on its first trade word


def _prose(facts: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for key in _PROSE_FIELDS:
        if isinstance(facts.get(key), str):
            yield key, facts[key]
    actions = facts.get("customer_actions")
    if isinstance(actions, list):
        for i, action in enumerate(actions):
            if isinstance(action, str):
                yield f"customer_actions[{i}]", action
    comp = facts.get("compensation")
    if isinstance(comp, Mapping) and isinstance(comp.get("description"), str):
        yield "compensation.description", comp["description"]


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.code, f.field, f.span)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def lint_facts(facts: Mapping[str, Any], update_message: str | None = None) -> list[Finding]:
    """Lint the free text systems send.

    Facts keyed by locale: each locale's text with that locale's rules
    (``field`` like ``facts.zh-CN.impact``). One facts object: with the rules
    of every shipped locale (``facts.impact``). ``update_message`` is field ``message``.
    Also warns when compensation has no date or no next update time is given.
    """
    locales = shipped_locales()
    groups: list[tuple[str, Mapping[str, Any], list[str]]]
    if is_keyed_by_locale(facts):
        groups = [(f"facts.{loc}.", sub, [loc if loc in locales else "en"])
                  for loc, sub in facts.items()]
    else:
        groups = [("facts.", facts if isinstance(facts, Mapping) else {}, locales)]
    found: list[Finding] = []
    for prefix, sub, rule_locales in groups:
        for key, text in _prose(sub):
            for loc in rule_locales:
                found += lint_text(text, loc, prefix + key)
        if sub:  # an update linted on its own passes no facts
            found += checks.compensation_when(sub, prefix) + checks.no_next_update(sub, prefix)
    if isinstance(update_message, str):
        for loc in locales:
            found += lint_text(update_message, loc, "message")
    return _dedupe(found)


def mask_html(html: str) -> str:
    """Blank out tags (and styles) with spaces, so spans still index into the HTML."""
    return _TAG.sub(lambda m: " " * len(m.group(0)), html)


def _base_url(context: Mapping[str, Any]) -> str | None:
    url = (context.get("links") or {}).get("message_url") or ""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def lint_rendered(rendered: Any, channel: str, locale: str, context: Mapping[str, Any],
                  public_url: str | None = None) -> list[Finding]:
    """Lint a rendered message (a ``Rendered``): phrases, required elements,
    reading ease, SMS length/encoding and links, per part (``subject``, ``text``, ``html``)."""
    base = public_url or _base_url(context)
    required = checks.required_elements(rendered.template, channel, context)
    is_page = rendered.template.startswith("pages/")
    found: list[Finding] = []
    for field in ("subject", "text", "html"):
        body = getattr(rendered, field)
        if not body:
            continue
        is_html = field == "html"
        plain = mask_html(body) if is_html else body
        rules = checks.TEXT_RULES
        if field == "subject" or (is_html and not is_page):
            rules = tuple(r for r in rules
                          if r not in (checks.reading_ease, checks.sentence_length))
        found += one_per_code(checks.run_rules(rules, plain, locale, field))
        found += checks.links(body, field, base)
        if field != "subject":
            found += checks.missing_element(body, plain, field, is_html, required, locale, context,
                                            tuple(getattr(rendered, "left_out", ()) or ()))
        if channel == "sms" and field == "text":
            found += checks.sms_segments(body, field) + checks.sms_ucs2(body, locale, field)
    return found


def summarise(findings: list[Finding]) -> dict[str, Any]:
    """``{"status": "ok"|"warnings"|"errors", "errors": n, "warnings": n}``."""
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    status = "errors" if errors else ("warnings" if warnings else "ok")
    return {"status": status, "errors": errors, "warnings": warnings}
