"""The linter's fast paths give what the slower code they replaced gave."""

from __future__ import annotations

import random
import re
from pathlib import Path

import jieba.posseg
import yaml

from gateway.messages.lint.abbreviations import defined
from gateway.messages.lint.chinese.dictcut import cut

CORPUS = Path(__file__).parent / "corpus"


def _sentences() -> list[str]:
    found: list[str] = []
    for path in sorted(CORPUS.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for section in (data.get("bad"), data.get("good")):
            groups = section.values() if isinstance(section, dict) else [section]
            found += [s for group in groups for s in group or [] if isinstance(s, str)]
    return found


def test_cut_matches_posseg_on_every_corpus_clause_and_odd_text():
    odd = ["iPhone15手机 3.5元", "A股\r\n下跌", "C++和C#", "a b\tc", "", " ", "第3.5.1节_x&y",
           "ＡＢＣ全角", "12:30到达", "e-mail地址", "%％", "一二三四五六七八九十百千万亿"]
    clauses = {c for s in _sentences() for c in re.split(r"[，,：:。！？!?；;\n]", s)}
    for text in sorted(clauses) + odd:
        expected = tuple((p.word, p.flag) for p in jieba.posseg.lcut(text, HMM=False))
        assert cut(text) == expected, text


def test_abbreviation_defined_as_the_regular_expression_it_replaced_says():
    pieces = ["SSO", "SSOs", "s", "S", "(", ")", "（", "）", " ", "\u3000", "a", "1", ", ", "的",
              "值"]
    rng = random.Random(5)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 9)))
        old = re.search(r"[(（][^()（）]*(?<![A-Za-z])SSOs?(?![A-Za-z])[^()（）]*[)）]"
                        r"|(?<![A-Za-z])SSOs?\s*[(（]"
                        # round 16: a head noun of one or two characters, then the gloss
                        r"|(?<![A-Za-z])SSOs?(?![A-Za-z])\s*[\u4e00-\u9fff]{1,2}\s*[(（]", text)
        assert defined(text, "SSO") == bool(old), text


def test_reading_ease_with_remembered_hyphenation_is_textstats_own():
    """readability() gives textstat a pyphen that remembers words: the same Flesch score
    as textstat's own on corpus text, repeated words and all (and a second time, cached)."""
    import textstat

    from gateway.messages.readability import readability

    # readability() leaves addresses and links out on purpose (textstat counts them as words):
    # a sentence with one differs by design, whichever sentences the shuffle picks
    en = [s for s in _sentences() if s.isascii() and "@" not in s and "://" not in s]
    random.Random(4).shuffle(en)
    texts = [" ".join(en[i:i + 12]) for i in range(0, 1200, 12)] + ["Go. Go go, go!", "x"]
    for _ in range(2):
        for text in texts:
            assert readability(text, "en")["value"] == round(
                float(textstat.flesch_reading_ease(text)), 1)


def _development_sentences(locale: str = "en") -> list[str]:
    """The sentences of the development corpus files of ``locale`` (the held-out set's left out)."""
    from gateway.messages.lint.evaluate import held_out

    found: list[str] = []
    for path in sorted(CORPUS.rglob(f"{locale}.yaml")):
        if held_out(path.parent):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for section in (data.get("bad"), data.get("good")):
            groups = section.values() if isinstance(section, dict) else [section]
            found += [s for group in groups for s in group or [] if isinstance(s, str)]
    return found


def test_lemmas_without_deep_copies_are_lemminflects_own():
    from lemminflect import getAllLemmas

    from gateway.messages.lint.english.parse import _all_lemmas

    words = {w for s in _development_sentences() for w in re.findall(r"[A-Za-z][\w'’-]*", s)}
    for word in sorted(words | {w.upper() for w in words} | {w.capitalize() for w in words}):
        assert _all_lemmas(word) == getAllLemmas(word), word


def test_tokens_found_in_place_are_those_of_each_sentence_alone():
    from gateway.messages.lint.english.parse import _SENTENCE, _TOKEN, Token, sentences

    texts = _development_sentences() + ["Go. Go go, go!", "£86.20 (v2.1); x", "", "...", "a\nb"]
    texts.append(" ".join(texts[:40]))
    for text in texts:
        expected = []
        for m in _SENTENCE.finditer(text):
            base = m.start()
            tokens = [Token(t.group(0), base + t.start(), base + t.end(), t.group(0).lower())
                      for t in _TOKEN.finditer(m.group(0))]
            if tokens:
                expected.append((tokens, base + len(m.group(0).rstrip(".!?;"))))
        got = sentences(text)
        assert got == expected, text
        assert all(type(t) is Token for tokens, _ in got for t in tokens)


def test_word_ngrams_joined_by_zip_are_those_of_the_slices():
    from gateway.messages.lint.learned import _WORD, ngrams, normalise

    for text in _development_sentences() + ["", "a", "ab", "ab cd", "ab cd ab cd ab"]:
        words = _WORD.findall(normalise(text))
        for low, high in ((1, 3), (1, 1), (2, 3), (1, 4), (3, 3)):
            expected = [" ".join(words[i : i + n]) if n > 1 else words[i]
                        for n in range(low, high + 1) for i in range(len(words) - n + 1)]
            assert ngrams(text, "word", low, high) == expected, text


def test_syllables_are_pyphens_on_every_lexicon_word_and_odd_ones():
    """readability's syllable count (pyphen's patterns, each letter's tries cut at the first
    piece no pattern starts with) is textstat's ``len(pyphen.positions(word)) + 1``: on every
    word of the English lexicon, in three spellings, and on random strings."""
    from pyphen import Pyphen

    from gateway.messages.lint.english import forms
    from gateway.messages.readability import _syllables

    pyphen = Pyphen(lang="en_US")
    words = {spelt for w in forms.tables()["lemmas"].keys()
             for spelt in (w, w.upper(), w.capitalize())}
    rng = random.Random(9)
    letters = "abcdefghijklmnopqrstuvwxyz'-.éßİıſK09"
    words |= {"".join(rng.choice(letters) for _ in range(rng.randint(1, 16)))
              for _ in range(20_000)}
    words |= {"", "a" * 40, "Go.", "x-ray's"}
    for word in sorted(words):
        assert _syllables(word) == len(pyphen.positions(word)) + 1, word


def test_business_compounds_by_their_endings_are_the_loops_over_the_lexicon():
    """``business_compound`` looks the word's own endings up: the answer of the loop over every
    business of the lexicon it replaced (the first in the set's order deciding), on every word
    of the English lexicon, every corpus word and compounds made of the businesses."""
    from gateway.messages.lint.english import blame, forms
    from gateway.messages.lint.english.parse import lexicon
    from gateway.messages.lint.english.rare import _common

    def looped(low: str) -> bool:
        for business in lexicon()["businesses"]:
            if len(business) >= 4 and low.endswith(business) and len(low) - len(business) >= 3:
                first = low[: -len(business)].rstrip("-")
                return len(first) >= 3 and _common(first)
        return False

    words = set(forms.tables()["lemmas"].keys())
    words |= {w.lower() for s in _development_sentences()
              for w in re.findall(r"[A-Za-z][\w'’-]*", s)}
    businesses = sorted(lexicon()["businesses"])
    words |= {f"{first}{b}" for first in ("book", "saw", "ab", "abc", "car-", "xq", "timber", "")
              for b in businesses}
    words |= {a + b for a in businesses[:30] for b in businesses[:30]}
    for word in sorted(words):
        assert blame.business_compound.__wrapped__(word) == looped(word), word


def test_agent_nouns_with_their_ending_asked_first_are_as_before():
    """``agent_noun`` asks the ending before the word's lemmas: the same answers as asking
    the lemmas first, on every word of the English lexicon and its plural."""
    from gateway.messages.lint.english import blame, forms
    from gateway.messages.lint.english.parse import lemmas, lexicon

    def before(low: str) -> bool:
        words = lexicon()
        if low in words["people"] or low in words["not_agents"] or "NOUN" not in lemmas(low):
            return False
        single = low[:-1] if low.endswith("s") and not low.endswith("ss") else low
        if not single.endswith(tuple(words["agent_endings"])) or single in words["not_agents"]:
            return False
        return not single.endswith(("er", "or")) or single in blame._PEOPLE_ER or (
            blame._from_verb(single))

    words = set(forms.tables()["lemmas"].keys())
    words |= {w + "s" for w in list(words)[:20_000]}
    for word in sorted(words):
        assert blame.agent_noun.__wrapped__(word) == before(word), word
