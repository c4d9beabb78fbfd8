"""Plain-language measures: Flesch reading ease for en, sentence length for zh-CN."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

# an address is tried only where a run of non-space starts: "\S+@\S+" tried at every character
# of a 2,000-character zh paragraph with no space took ~24 ms (the same matches: a run with an
# "@" in it matches from its start)
_URL = re.compile(r"https?://\S+|(?<!\S)\S+@\S+")
# a sentence ends at 。！？；, a line end, or a full stop or an ellipsis typed after a Chinese
# character ("发错了.我们今天重发", "发错了…我们今天重发"; not "3.5元", "v2.1")
_ZH_SENTENCE_END = re.compile(
    r"[。！？!?；;\n]+|(?<=[\u3400-\u9fff）”’」』】])(?:[.．]+|…+|\.{3,})(?![0-9０-９])"
)


def _without_links(text: str) -> str:
    return _URL.sub(" ", text)


def zh_sentences(text: str) -> list[str]:
    return [s.strip() for s in _ZH_SENTENCE_END.split(_without_links(text)) if s.strip()]


def readability(text: str, locale: str) -> dict[str, object]:
    """``{"metric", "value"}``: higher Flesch is easier; shorter zh sentences are easier.

    Links and email addresses are left out: they are not words to read.
    """
    if locale.lower().startswith("zh"):
        sentences = zh_sentences(text)
        chars = sum(len(re.sub(r"\s", "", s)) for s in sentences)
        value = round(chars / len(sentences), 1) if sentences else 0.0
        return {"metric": "avg_sentence_chars", "value": value}
    plain = _without_links(text)
    value = float(_textstat().flesch_reading_ease(plain)) if plain.strip() else 0.0
    return {"metric": "flesch_reading_ease", "value": round(value, 1)}


@cache
def _textstat() -> Any:
    """textstat's measures with each word's hyphenation looked up once per process: pyphen
    hyphenates every word of every text anew, ~0.5 ms of a 2,000-character message not seen
    before. Same values (a test compares). Loaded by the processes that lint (~10 MB), not
    by workers."""
    from pyphen import Pyphen
    from textstat.textstat import textstatistics

    class CachedPyphen(Pyphen):  # type: ignore[misc]
        @lru_cache(maxsize=32_768)  # noqa: B019 (one instance per process, never freed)
        def positions(self, word: str) -> list[int]:
            return list(super().positions(word))

    stats = textstatistics()
    stats.pyphen = CachedPyphen(lang="en_US")
    return stats
