"""``python -m gateway.messages.lint.write_common [--locale en]``: write ``common/<locale>.txt``
(and for en ``common/en-everyday.txt``), the lists of common words ``rarity.py`` reads, from
wordfreq. wordfreq is a build dependency (``requirements-test.txt``): only this module imports
it, never the gateway (its full lists cost tens of MB)."""

from __future__ import annotations

import argparse
import math
import re
from importlib.metadata import version

import wordfreq

from gateway.messages.lint.rarity import COMMON_DIR, common_words, everyday_threshold, threshold

# what a shipped word looks like: en plain lower-case letters; zh-CN two or more CJK characters
SHAPE = {"en": re.compile(r"[a-z]{2,}"), "zh-CN": re.compile(r"[\u4e00-\u9fff]{2,}")}
_WORDFREQ_LANG = {"en": "en", "zh-CN": "zh"}


def generate(locale: str = "en", everyday: bool = False) -> str:
    """The text of ``common/<locale>.txt`` (``everyday``: ``common/<locale>-everyday.txt``) as
    wordfreq gives it now."""
    limit = everyday_threshold(locale) if everyday else threshold(locale)
    shape = SHAPE[locale]
    freqs = wordfreq.get_frequency_dict(_WORDFREQ_LANG[locale], wordlist="best")
    words = sorted(
        w for w, f in freqs.items()
        if shape.fullmatch(w) and round(math.log10(f) + 9, 2) >= limit
    )
    lang = _WORDFREQ_LANG[locale]
    header = (f"# wordfreq {version('wordfreq')} ({lang}), words with Zipf >= {limit};"
              f" regenerate: python -m gateway.messages.lint.write_common --locale {locale}\n")
    return header + "\n".join(words) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gateway.messages.lint.write_common")
    parser.add_argument("--locale", default="en", choices=sorted(SHAPE))
    args = parser.parse_args(argv)
    COMMON_DIR.mkdir(exist_ok=True)
    builds = [(args.locale, False)]
    if args.locale == "en":  # only en's reading ease asks for everyday words
        builds.append(("en-everyday", True))
    for name, everyday in builds:
        path = COMMON_DIR / f"{name}.txt"
        path.write_text(generate(args.locale, everyday), encoding="utf-8")
        print(f"{path}: {len(common_words.__wrapped__(name))} words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
