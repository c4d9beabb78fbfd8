"""Trade words customers do not use: a utility's "primary substation", a bank's "ledger", a
carrier's "sortation". Two shapes: a word from the trade lexicon (``trade_terms`` in
``rules/en.yaml``, with the plain words the rewrite uses), and a process or property noun
no English dictionary knows ("sortation", "turbidity"): a word made up inside a trade.
Spared when the text explains it in brackets right after it.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from gateway.messages.lint.english.parse import lemmas, lexicon, lowered, read, sentence_case
from gateway.messages.lint.findings import Hit
from gateway.messages.lint.phrases import has_folds

_MADE_UP = re.compile(r"^[a-z]{4,}(?:ation|ition|ity|ency|ancy|ization|isation|ology|ometry)$")
_PREFIXES = ("re", "un", "mis", "pre", "non", "de", "dis", "in", "over", "under", "sub", "co")
_ENDINGS = ("ation", "ition", "ity", "ency", "ancy", "ization", "isation", "ology", "ometry")
# copies of a system named as parts: "our billing instances", "a database replica"
_COPIES = {"instance", "instances", "replica", "replicas", "shard", "shards"}


@cache
def _terms() -> tuple[re.Pattern[str], dict[str, str]]:
    terms = {k.casefold(): v for k, v in (lexicon().get("trade_terms") or {}).items()}
    alternation = "|".join(re.escape(t) for t in sorted(terms, key=lambda t: (-len(t), t)))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE), terms


@cache
def _first_words() -> frozenset[str]:
    """The longest word of every trade term: a term is only there if that word is."""
    return frozenset(max(t.split(), key=len) for t in _terms()[1])  # "arrears" of "in arrears"


@lru_cache(maxsize=1024)  # asked of every lower-case word of a text with a trade word in it
def _made_up(word: str) -> bool:
    """ "sortation": a noun with a process ending that no dictionary lists, nor its base."""
    if _coined(word):
        return True
    if not _MADE_UP.match(word) or lemmas(word):
        return False
    return not any(word.startswith(p) and lemmas(word[len(p) :]) for p in _PREFIXES)


# clinical and Latinate word endings: "bradycardia", "seroma", "dermal", "exceedance"
_LATINATE = re.compile(r"^[a-z]{3,}(?:cardia|aemia|emia|itis|osis|oma|ectomy|otomy|ostomy|plasty"
                       r"|scopy|algia|opathy|ance|ence|al)$")
# a Latinate prefix fixed with a hyphen: "intra-operative", "peri-implant"
_BOUND_PREFIX = re.compile(r"^(?:intra|peri|hypo|hyper|infra|supra|retro)-[a-z]{4,}$")


@lru_cache(maxsize=512)
def _coined(word: str) -> bool:
    """A word of a trade by its shape, that no English dictionary lists: a clinical or Latinate
    ending ("bradycardia", "exceedance", "dermal"), a reversing "de-" on a word ("defleet",
    "desync"), a bound Latin prefix ("intra-operative")."""
    if _BOUND_PREFIX.match(word):
        return True
    if len(word) < 6 or not word.isalpha():
        return False
    latinate = bool(_LATINATE.match(word))
    if not (latinate or word.startswith("de")) or lemmas(word) or (
            word.endswith("s") and lemmas(word[:-1])):
        return False  # the shape first: most words have neither, and need no look-up
    if not latinate:
        return True  # "defleet", "desync"
    return not any(word.startswith(p) and lemmas(word[len(p) :]) for p in _PREFIXES)  # "reseal"


@lru_cache(maxsize=2048)  # asked of every word of every text
def _trade_shaped(w: str) -> bool:
    """A word that may be a made-up trade word or one of a system's copies (``trade_words``)."""
    return w in _COPIES or (w.endswith(_ENDINGS) and not lemmas(w) and _made_up(w)) or _coined(w)


# an apposition right after a word that says what it is: "a seroma, a pocket of fluid"
_EXPLAINED = (" (", "(", ", a ", ", an ", ", the ", ", which ", ", meaning ", " – ", " — ",
              " - ", ": a ", ": an ")


def trade_words(text: str) -> list[Hit]:
    """Every sentence with a trade word, once; the rewrite swaps in the plain words."""
    pattern, terms = _terms()
    firsts = _first_words()
    words = frozenset().union(*(wordset for *_, wordset in read(text)))
    if words.isdisjoint(firsts) and not any(map(_trade_shaped, words)):
        return []  # most messages have no trade word: one look at their words
    hits = []
    folds = has_folds(text)
    # the terms' longest words the text holds (an ASCII word in a sentence's lower-cased text
    # is in the whole text's): each sentence looks for these only, most often none
    text_low = lowered(text)
    here = [w for w in firsts if not w.isascii() or w in text_low]
    made_up_words = frozenset(filter(_made_up, words))  # each word asked once, not per token
    for sentence, end, _lows, wordset in read(text):
        start = sentence[0].start
        said = text[start:end]
        low = said.lower()
        # a term matches (ignoring case) only where its longest word is, unless a letter that
        # folds to ASCII is there ("ſ"): the pattern is tried only on those sentences
        found = [m for m in pattern.finditer(said)
                 if not said[m.end() : m.end() + 2].startswith((" (", "("))] if folds or any(
            w in low for w in here) else []
        # a made-up word or a copy needs a word that is one: most sentences have none (one C loop)
        made_up = [t for n, t in enumerate(sentence) if t.text.islower() and (
            t.low in made_up_words or (t.low in _COPIES and n > 0
                                and sentence[n - 1].low not in ("for", "this", "that", "one"))
        ) and not text[t.end : t.end + 2].startswith((" (", "(")) and not (
            _coined(t.low) and text[t.end : t.end + 10].startswith(_EXPLAINED))] if (
            not _COPIES.isdisjoint(wordset) or not made_up_words.isdisjoint(wordset)) else []
        if not found and not made_up:
            continue
        plain = said.strip().rstrip(".")
        for m in sorted(found, key=lambda m: -m.start()):
            # casefold: the pattern ignores case as re does, so "ſubstation" matches "substation"
            plain = plain[: m.start()] + terms.get(m.group(0).casefold(), m.group(0)) + plain[
                m.end() :]
        for tok in made_up:
            plain = re.sub(rf"\b{re.escape(tok.text)}\b", f"<{tok.text} in plain words>", plain)
        first = (start + found[0].start(), start + found[0].end()) if found else (
            made_up[0].start, made_up[0].end)
        word = text[first[0] : first[1]]
        hits.append(Hit(
            "jargon",
            first,
            f'"{word}" is a trade word customers do not use',
            f'Say it in everyday words: "{sentence_case(plain)}."',
        ))
    return hits
