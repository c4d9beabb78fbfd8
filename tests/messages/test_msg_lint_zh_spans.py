"""The zh sentence look-up (``segment.sentence_at``) and the look-ahead-led patterns give what
a scan of the text and the plain patterns give (h186)."""

from __future__ import annotations

import random
import re

from gateway.messages.lint.chinese.segment import SENTENCE, lexicon, sentence_at

TEXT = "快递公司弄丢了您的包裹。我们已经补发！\n\n请留意短信；谢谢。最后一句没有句号"


def _scanned(text: str, at: int) -> tuple[int, str] | None:
    here = next((m for m in SENTENCE.finditer(text) if m.start() <= at < m.end()), None)
    return None if here is None else (here.start(), here.group(0))


def test_sentence_at_is_the_sentence_holding_the_position() -> None:
    assert sentence_at(TEXT, 0) == (0, "快递公司弄丢了您的包裹。")
    assert sentence_at(TEXT, 14) == (12, "我们已经补发！")
    assert sentence_at(TEXT, TEXT.index("\n")) is None  # a line break is in no sentence
    assert sentence_at(TEXT, len(TEXT) - 1)[1] == "最后一句没有句号"  # type: ignore[index]
    assert sentence_at(TEXT, len(TEXT)) is None
    for at in range(len(TEXT) + 1):
        assert sentence_at(TEXT, at) == _scanned(TEXT, at)


def test_actor_span_finds_what_the_plain_alternations_find() -> None:
    """actor_span's alternations are led by look-aheads for their first characters; without
    them (the look-aheads removed) every clause gives the same matches."""
    span = lexicon()["actor_span"]
    plain = re.compile(re.sub(r"\(\?=\[[^\]]*\]\)", "", span.pattern))
    assert plain.pattern != span.pattern
    words = [w for key in ("actors", "actor_heads", "partner_nouns", "actor_prefixes")
             for w in sorted(lexicon()[key])]
    filler = list("的了在我们您和是被把供应商快递银行系统昨天没有及时处理，。")
    rng = random.Random(186)
    for _ in range(3000):
        clause = "".join(rng.choice(words) if rng.random() < 0.3 else rng.choice(filler)
                         for _ in range(rng.randint(1, 12)))
        assert [m.span() for m in span.finditer(clause)] == [
            m.span() for m in plain.finditer(clause)], clause
    assert span.search("合作快递员没按时上门").group(0) == "合作快递"  # type: ignore[union-attr]
