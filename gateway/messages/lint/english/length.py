"""Sentences too long to read in one breath: counted in words, whatever the words are.

Flesch reading ease (``checks.reading_ease``) averages over the whole text and
forgives one long sentence made of short words; this counts each sentence. The
rewrite splits the sentence where a clause starts nearest its middle.
"""

from __future__ import annotations

import re

from gateway.messages.lint.english.parse import Token, is_finite_verb, sentence_case, sentences
from gateway.messages.lint.findings import Hit

# a clause that can stand as a sentence of its own after a comma: the word that starts it,
# and what it becomes ("which" -> "This"; "" drops the word: "and" -> nothing)
_SPLITS = {"and": "", "but": "But", "so": "So", "which": "This", "because": "That is because",
           "please": "Please"}
# a sentence that starts with one of these opens with a clause that cannot stand alone: its
# main clause starts after a comma at a subject ("Because the part was late, we ...")
_FRONTED = {"because", "if", "when", "as", "while", "although", "though", "since", "following",
            "after", "before", "to", "thanks", "in", "due", "with", "unless", "once", "owing",
            "given", "despite", "for", "during", "until", "whether", "where"}
_SUBJECTS = {"we", "you", "your", "our", "it", "they", "i", "this", "there", "the", "some",
             "most", "all", "many"}
# words that open a clause hanging off another ("the customers who use", "what has happened")
_SUBORDINATORS = {"that", "which", "who", "whom", "whose", "what", "why", "how", "where", "when",
                  "while", "whilst", "because", "if", "although", "though", "unless", "whether",
                  "since", "until"}
# a sentence up to this many words over the limit with at most this many subordinate clauses
# reads in one breath: real writers call such sentences good as often as bad (dev-25), and the
# bad ones nest clauses ("vital that we are clear on what ..., why ... and what ..., whilst ...")
_SLACK, _EASY_SUBORDINATES = 5, 2


def _words(sentence: list[Token]) -> int:
    return sum(1 for t in sentence if t.text[:1].isalnum())


def _easy(sentence: list[Token], count: int, limit: int) -> bool:
    """A sentence a few words over the limit whose clauses do not nest: a main clause or two
    with at most two subordinate ones ("who has been without water ..., as per ...")."""
    return count <= limit + _SLACK and sum(
        1 for t in sentence if t.low in _SUBORDINATORS) <= _EASY_SUBORDINATES


def _split_at(sentence: list[Token]) -> int | None:
    """Index of the token that starts the second half: after a comma, at a word that can start
    a sentence, after the main clause has begun, nearest the middle (in words)."""
    main = 0
    if sentence[0].low in _FRONTED:  # the main clause starts after a comma, at its subject
        main = next((n for n, t in enumerate(sentence)
                     if n and sentence[n - 1].text == "," and t.low in _SUBJECTS), len(sentence))
    total = _words(sentence)
    best, best_gap, count = None, 0.0, 0
    for n, tok in enumerate(sentence):
        if tok.text[:1].isalnum():
            count += 1
        if n <= main or sentence[n - 1].text != "," or tok.low not in _SPLITS:
            continue
        if min(count - 1, total - count + 1) < 6 or not _stands(sentence, n):
            continue  # a half of a few words is no sentence
        gap = abs(count - 1 - total / 2)
        if best is None or gap < best_gap:
            best, best_gap = n, gap
    return best


def _stands(sentence: list[Token], n: int) -> bool:
    """The clause from ``sentence[n]`` can be a sentence once its first word is rewritten:
    "and found ..." has no subject, "so that ..." is a purpose, "which you can use" is no
    "This ...", and a "which" clause followed by more of the sentence sits inside it."""
    low, nxt = sentence[n].low, sentence[n + 1] if n + 1 < len(sentence) else None
    if nxt is None:
        return False
    if low in ("and", "but", "so") and (
        is_finite_verb(nxt) or nxt.low.endswith("ing") or nxt.low in ("that", "to")
    ):
        return False
    if low == "which":
        return is_finite_verb(nxt) and all(t.text != "," for t in sentence[n + 1 :])
    return True


# a bracketed aside after a word: "your annual review (the meeting where we ...)"
_GLOSS = re.compile(r"(?<=\w) \(([^()]{1,160})\)")
_WORD = re.compile(r"(?<!\S)[^\W_]")


def _glossed(said: str) -> int:
    """Words inside the bracketed asides of ``said``: what the jargon and abbreviation checks
    ask for ("explain it in brackets") is read as an aside, as zh-CN's sentence length does."""
    return sum(len(_WORD.findall(m.group(1))) for m in _GLOSS.finditer(said))


def long_sentences(text: str, limit: int) -> list[Hit]:
    """Every sentence of more than ``limit`` words, with a rewrite in two sentences."""
    hits = []
    for sentence, end in sentences(text):
        if len(sentence) <= limit:
            continue  # fewer tokens than the limit: fewer words too
        count = _words(sentence)
        if count <= limit:
            continue
        start = sentence[0].start
        if "(" in text[start:end]:
            count -= _glossed(text[start:end])  # a term explained in brackets: read as an aside
            if count <= limit:
                continue
        if _easy(sentence, count, limit):
            continue
        at = _split_at(sentence)
        if at is None:
            suggestion = f"Split this sentence of {count} words into two or three short ones."
        else:
            first = text[start : sentence[at - 1].start].rstrip(" ,;—–")
            word = _SPLITS[sentence[at].low]
            after = text[sentence[at].end : end].strip()
            second = f"{word} {after}".strip()
            suggestion = f"{sentence_case(first)}. {sentence_case(second).rstrip('.')}."
        hits.append(
            Hit(
                "sentence_length",
                (start, end),
                f"{count} words in one sentence (aim for {limit} or fewer)",
                suggestion,
            )
        )
    return hits
