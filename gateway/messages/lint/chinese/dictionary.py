"""jieba's dictionary in a compact trie: about 7 MB where jieba's Python dicts take ~145 MB.

The dictionary cut (``dictcut``) needs three things of jieba's ``dict.txt``: every word
that starts a string, each word's frequency (as the weight ``log(freq) - log(total)``)
and each word's part-of-speech tag. Here the words with a frequency are the keys of a
``marisa_trie.Trie`` (1.2 MB; ``iter_prefixes_with_ids`` gives every word that starts
a string, with its key id, in one C call) and weights and tags are arrays indexed by
key id (doubles, the same floats jieba computes, and one byte per tag). Per character,
the file also says which characters follow it in longer words (``starts``): where
the next character is none of them, the character is the only word starting there,
which the cut knows without asking the trie (the case at more than half of them).

It is built from the ``dict.txt`` in jieba's wheel (jieba itself is never imported)
by a child process, so that the peak of reading 349,000 lines (~50 MB) stays out of
the process that lints, and cached in ``$XDG_CACHE_HOME/gateway`` (``~/.cache/gateway``,
else the temporary directory) under a name keyed on the source file, its size and
mtime, so each machine builds it once (1-3 s); a process then reads the 5 MB file in
about 15 ms. ``python -m gateway.messages.lint.chinese.dictionary build``
builds (or rebuilds) it and says where.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from math import log
from pathlib import Path
from typing import Any

import marisa_trie

MAGIC = b"gateway jieba dictionary 2\n"


@dataclass(frozen=True)
class Dictionary:
    trie: Any  # marisa_trie.Trie: every word of frequency > 0
    weight: array[float]  # by key id: log(frequency) - log(total), as jieba computes it
    tag: array[int]  # by key id: index into ``tags``
    tags: tuple[str, ...]
    log_total: float  # log of the sum of every line's frequency
    longest: int  # characters in the longest word
    zero_tags: dict[str, str]  # tags of words of frequency 0 (jieba's dict.txt has none)
    # by character c: the key id of c as a word (-1 when it is none) and the characters that
    # follow c in the longer words starting with c: where the next character is not one of
    # them, c alone is the only word starting there, and the cut needs no trie call
    starts: dict[str, tuple[int, str]]


def source() -> Path:
    """The ``dict.txt`` in jieba's installed package, found without importing jieba."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed: its dict.txt is the zh-CN dictionary")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


def _lines(path: Path) -> Iterator[tuple[str, int, str]]:
    """(word, frequency, tag) of each line of jieba's ``dict.txt``, parsed as jieba parses
    it (``Tokenizer.gen_pfdict`` and ``POSTokenizer.load_word_tag``)."""
    with open(path, "rb") as f:
        for raw in f:
            line = raw.strip().decode("utf-8")
            if line:
                word, count, tag = line.split(" ")
                yield word, int(count), tag


def build(src: Path, out: Path) -> None:
    """Write the compact dictionary of ``src`` to ``out`` (atomically: a reader sees the
    whole file or none). Two passes over the file, so that no Python object is kept per
    word: the trie takes the words as they come (peak ~60 MB). As in jieba, a word's last
    line gives its frequency and tag, and the total counts every line."""
    names: dict[str, int] = {}
    zero_tags: dict[str, str] = {}
    total = longest = 0

    def words() -> Iterator[str]:
        nonlocal total, longest
        for word, count, tag in _lines(src):
            names.setdefault(tag, len(names))
            total += count
            if count > 0:
                longest = max(longest, len(word))
                yield word
            else:
                zero_tags[word] = tag

    trie = marisa_trie.Trie(words())
    if len(names) > 256:
        raise ValueError(f"{src}: {len(names)} tags do not fit in a byte")
    if any(word in trie for word in zero_tags):
        raise ValueError(f"{src}: a word with both a zero and a positive frequency")
    log_total = log(total)
    weight = array("d", bytes(8 * len(trie)))
    tag = array("B", bytes(len(trie)))
    for word, count, name in _lines(src):
        if count > 0:
            i = trie.key_id(word)
            weight[i], tag[i] = log(count) - log_total, names[name]
    follow: dict[str, set[str]] = {}
    for word in trie.iterkeys():
        if len(word) > 1:
            follow.setdefault(word[0], set()).add(word[1])
    # three parallel values (a list per character would be slow to read back)
    firsts = sorted({w for w in trie.iterkeys() if len(w) == 1} | set(follow))
    starts = {"chars": "".join(firsts),
              "ids": [trie.key_id(c) if c in trie else -1 for c in firsts],
              "follow": "\n".join("".join(sorted(follow.get(c, ()))) for c in firsts)}
    trie_bytes = trie.tobytes()
    header = {
        "words": len(trie),
        "trie_bytes": len(trie_bytes),
        "tags": list(names),
        "log_total": log_total,
        "longest": longest,
        "zero_tags": zero_tags,
        "starts": starts,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=out.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(MAGIC + json.dumps(header, ensure_ascii=False).encode() + b"\n")
            f.write(trie_bytes)
            f.write(weight.tobytes())
            f.write(tag.tobytes())
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read(path: Path) -> Dictionary:
    """The dictionary written by :func:`build`; ValueError for a file that is not one.

    Read so that no part is copied while the next is read: marisa copies the trie's bytes
    once more as it reads them, and the arrays are read straight into place, so the peak
    of reading (~4 MB over what stays, when the weights came as bytes beside the trie's
    two copies) is no higher than what stays (issue 14: 128 MB a process)."""
    with open(path, "rb") as f:
        if f.readline() != MAGIC:
            raise ValueError(f"{path}: not a compact jieba dictionary")
        try:
            header = json.loads(f.readline())
            n, size, tags = header["words"], header["trie_bytes"], tuple(header["tags"])
            log_total, longest, zero_tags = (
                float(header["log_total"]), int(header["longest"]), dict(header["zero_tags"]))
            chars, ids, follows = (header["starts"][k] for k in ("chars", "ids", "follow"))
            starts = dict(zip(chars, zip(ids, follows.split("\n"), strict=True), strict=True))
        except (KeyError, TypeError) as e:
            raise ValueError(f"{path}: a header without {e}") from None
        except (AttributeError, ValueError):  # ValueError: parallel values of unequal length
            raise ValueError(f"{path}: a header of another shape") from None
        del header, chars, ids, follows
        trie_bytes = f.read(size)
        if len(trie_bytes) != size:
            raise ValueError(f"{path}: truncated or too long")
        try:
            trie = marisa_trie.Trie().frombytes(trie_bytes)
        except Exception as e:  # marisa's own errors
            raise ValueError(f"{path}: {e}") from None
        del trie_bytes
        weight, tag = array("d", [0.0]) * n, array("B", [0]) * n
        got = (f.readinto(memoryview(weight).cast("B")), f.readinto(memoryview(tag)))
        if got != (8 * n, n) or f.read(1):
            raise ValueError(f"{path}: truncated or too long")
    if len(trie) != n:
        raise ValueError(f"{path}: {len(trie)} words, the header says {n}")
    return Dictionary(trie, weight, tag, tags, log_total, longest, zero_tags, starts)


def _cache_dirs() -> list[Path]:
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return [Path(home) / "gateway", Path(tempfile.gettempdir()) / f"gateway-{os.getuid()}"]


def cache_path(src: Path) -> Path:
    """Where the dictionary of ``src`` is cached: the first writable cache directory, under a
    name that changes with the source file, its size and mtime, and this file format."""
    stat = src.stat()
    key = f"{MAGIC!r}|{src.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{sys.byteorder}"
    name = f"jieba-dict-{hashlib.sha256(key.encode()).hexdigest()[:16]}.bin"
    for folder in _cache_dirs():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            return folder / name
    raise OSError(f"no writable cache directory among {_cache_dirs()}")


def _build_in_child(src: Path, out: Path) -> None:
    # -P: this file's folder is not put on sys.path (its modules are the checks')
    subprocess.run([sys.executable, "-P", __file__, "build", str(src), str(out)], check=True)


@cache
def load() -> Dictionary:
    """jieba's dictionary, compact (once per process): read from the cache, which a child
    process builds first when it is missing or unreadable (one builds, the others wait)."""
    src = source()
    out = cache_path(src)
    try:
        return read(out)
    except (OSError, ValueError):
        pass
    with open(f"{out}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return read(out)  # built while this process waited
        except (OSError, ValueError):
            _build_in_child(src, out)
        return read(out)


def main(argv: list[str]) -> int:
    if argv[:1] != ["build"] or len(argv) not in (1, 3):
        print("usage: python -m gateway.messages.lint.chinese.dictionary build [SRC OUT]")
        return 2
    if len(argv) == 3:
        build(Path(argv[1]), Path(argv[2]))
        return 0
    src = source()
    out = cache_path(src)
    build(src, out)
    print(f"{src} -> {out} ({out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
