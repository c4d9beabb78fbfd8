"""jieba's dictionary cut with tags (``jieba.posseg.lcut(text, HMM=False)``), without jieba.

Segmenting is a large part of what linting zh-CN text costs on text not seen before.
posseg builds the word graph in one pass, scores it in a second with a generator per
character and wraps every word in an object; this does the same sums in one loop, in
the same order, so it picks the same words (tests compare it with posseg on every
corpus clause and on random text). The dictionary is jieba's, held compact
(``dictionary``): the words that start at a character come from one trie call.
"""

from __future__ import annotations

import re
from math import log

from gateway.messages.lint.chinese.dictionary import Dictionary, load

_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
# posseg's re_han_internal and re_skip_internal: the runs the dictionary cuts, and spaces
_BLOCK = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._]+)")
_SPACE = re.compile("(\r\n|\\s)")
_MINUS_INF = float("-inf")
_NONE = (-1, "")  # a character that starts no dictionary word


def _words(block: str, out: list[tuple[str, str]], d: Dictionary) -> None:
    """One run of CJK/Latin characters: the most probable path through the dictionary's words."""
    starting, weight, tag, tags, longest, starts = (
        d.trie.iter_prefixes_with_ids, d.weight, d.tag, d.tags, d.longest, d.starts.get)
    n = len(block)
    score = [0.0] * (n + 1)
    end = [0] * n
    key = [0] * n
    after = ""  # the character after k ("" at the end of the block)
    for k in range(n - 1, -1, -1):
        char = block[k]
        alone, follow = starts(char, _NONE)
        if not after or after not in follow:
            # no longer word starts here: the character alone, the sum the loop below makes
            # of it (a dictionary word), or the sum for a character not in the dictionary
            if alone >= 0:
                score[k], end[k], key[k] = weight[alone] + score[k + 1], k + 1, alone
            else:
                score[k], end[k], key[k] = log(1) - d.log_total + score[k + 1], k + 1, -1
            after = char
            continue
        after = char
        best, best_end, best_key = _MINUS_INF, -1, -1
        # every dictionary word starting at k, shortest first: a later end wins a tie
        for word, i in starting(block[k : k + longest]):
            e = k + len(word)
            s = weight[i] + score[e]
            if s >= best:
                best, best_end, best_key = s, e, i
        if best_end < 0:  # no word starts here: the character alone, frequency 1
            best, best_end = log(1) - d.log_total + score[k + 1], k + 1
        score[k], end[k], key[k] = best, best_end, best_key
    x, latin = 0, ""
    while x < n:
        y = end[x]
        word = block[x:y]
        if y - x == 1 and word in _ASCII_ALNUM:
            latin += word  # single Latin letters and digits join into one "eng" word
        else:
            if latin:
                out.append((latin, "eng"))
                latin = ""
            i = key[x]
            out.append((word, tags[tag[i]] if i >= 0 else d.zero_tags.get(word, "x")))
        x = y
    if latin:
        out.append((latin, "eng"))


def cut(text: str, dictionary: Dictionary | None = None) -> tuple[tuple[str, str], ...]:
    """(word, part-of-speech) pairs, as ``jieba.posseg.lcut(text, HMM=False)`` gives them
    (with jieba's own dictionary unless another is given)."""
    d = dictionary or load()
    out: list[tuple[str, str]] = []
    # split by a pattern of one group, the runs it matched are every other part: the odd
    # ones (no part between them holds a character of a run, so no need to match each again)
    parts = _BLOCK.split(text)
    for n, block in enumerate(parts):
        if n & 1:
            _words(block, out, d)
        elif block:
            # a space whole (the odd parts again); anything else one character at a time
            # (digits and Latin are in blocks)
            for k, part in enumerate(_SPACE.split(block)):
                out += [(part, "x")] if k & 1 else [(c, "x") for c in part]
    return tuple(out)
