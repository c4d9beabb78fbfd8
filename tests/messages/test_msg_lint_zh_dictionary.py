"""The zh-CN linter's compact dictionary is jieba's, and its cut is jieba's dictionary cut."""

from __future__ import annotations

import json
import subprocess
import sys
from math import log
from pathlib import Path

import jieba
import jieba.posseg
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.messages.lint.chinese import dictionary
from gateway.messages.lint.chinese.dictcut import cut

ROOT = Path(__file__).resolve().parents[2]

# words and characters of apologies, words jieba joins across Latin ("B超", "T恤", "AA制"),
# and what jieba splits off: punctuation, spaces, other scripts, full-width and rare characters
_WORDS = ["由于", "快递", "公司", "的", "原因", "您", "包裹", "延误", "了", "我们", "没有",
          "及时", "通知", "银行", "处理", "太慢", "退款", "迟迟", "没", "到账", "供应商", "让",
          "失望", "被", "弄丢", "研究生", "命", "起源", "结婚", "和尚", "未", "B超", "T恤",
          "AA制", "卡拉OK", "iPhone", "3.5", "C++", "C#", "x&y", "_", "...", "中华人民共和国",
          "非常抱歉", "不便"]
_CHARS = ("的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会"
          "abcXYZ0123456789+#&._ \t\r\n\u3000，。！？、（）-%@éαγＡＢ１𠀀〇")
_TEXT = st.lists(
    st.one_of(
        st.sampled_from(_WORDS),
        st.text(alphabet=_CHARS, max_size=3),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FD5).map(str),
    ),
    max_size=14,
).map("".join)


@settings(max_examples=400)
@given(_TEXT)
def test_cut_is_posseg_dictionary_cut_on_random_mixed_text(text):
    expected = tuple((p.word, p.flag) for p in jieba.posseg.lcut(text, HMM=False))
    assert cut(text) == expected


def test_compact_dictionary_has_jiebas_every_word_frequency_and_tag():
    """Every word jieba can cut (frequency > 0) with jieba's weight and tag, and no other."""
    d = dictionary.load()
    tagger = jieba.posseg.dt
    tagger.tokenizer.check_initialized()
    freq, tags = tagger.tokenizer.FREQ, tagger.word_tag_tab
    log_total = log(tagger.tokenizer.total)
    words = {w: f for w, f in freq.items() if f}
    assert len(d.trie) == len(words)
    assert d.log_total == log_total
    for word, f in words.items():
        i = d.trie[word]
        assert d.weight[i] == log(f) - log_total, word
        assert d.tags[d.tag[i]] == tags[word], word
    assert d.longest == max(map(len, words))
    assert d.zero_tags == {w: t for w, t in tags.items() if w in freq and not freq[w]}


def test_a_dictionary_of_other_words_cuts_as_jieba_does_with_it(tmp_path):
    """A dictionary with a repeated word, a word of frequency 0 and Latin words."""
    src = tmp_path / "dict.txt"
    src.write_text("B超 3 n\n中国 10 ns\n中 0 f\n国人 5 n\n人 7 n\nB超 4 nz\nAA制 2 n\n"
                   "制 1 v\n国 2 n\n", encoding="utf-8")
    out = tmp_path / "dict.bin"
    dictionary.build(src, out)
    mine = dictionary.read(out)
    theirs = jieba.posseg.POSTokenizer(jieba.Tokenizer(str(src)))
    for text in ["中国人B超", "中", "中中国", "AA制人", "AAA制", "国人中国 B超x", "ab中1"]:
        expected = tuple((p.word, p.flag) for p in theirs.lcut(text, HMM=False))
        assert cut(text, mine) == expected, text


def test_linting_chinese_builds_the_dictionary_once_without_importing_jieba(tmp_path):
    """A process that lints zh-CN with no cached dictionary builds it (in a child process) into
    its cache directory; the next process reads that file; neither imports jieba."""
    script = (
        "import json, sys\n"
        "from gateway.messages.lint import lint_text\n"
        "found = lint_text('都是银行处理太慢，退款才迟迟没到账。', 'zh-CN', 'body')\n"
        "codes = sorted(f.code for f in found)\n"
        "print(json.dumps({'jieba': 'jieba' in sys.modules, 'codes': codes}))"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "c")}
    runs = [json.loads(subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                                      capture_output=True, text=True, check=True).stdout)
            for _ in range(2)]
    assert runs[0] == runs[1]
    assert runs[0]["jieba"] is False
    assert runs[0]["codes"]  # the third party's blame is found
    assert [p.name[:11] for p in (tmp_path / "c" / "gateway").glob("*.bin")] == ["jieba-dict-"]


def test_a_broken_cache_file_is_built_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = dictionary.cache_path(dictionary.source())
    assert path.parent == tmp_path / "gateway"
    path.write_bytes(dictionary.MAGIC + b"{}\n")  # a file cut short
    dictionary.load.cache_clear()
    try:
        assert cut("对不起，快递公司弄丢了您的包裹。")[:2] == (("对不起", "l"), ("，", "x"))
        rebuilt = dictionary.read(path)  # ValueError while the file is the cut-short one
        assert "快递" in rebuilt.trie and len(rebuilt.trie) > 100_000  # jieba's whole dictionary
    finally:
        dictionary.load.cache_clear()
