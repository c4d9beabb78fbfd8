"""The compact copy of lemminflect's lexicon (english/forms.py) answers as lemminflect does,
for every word of that lexicon, spelt lower-case, upper-case and capitalised; so do its guesses
for words the lexicon lacks (english/guess.py)."""

from __future__ import annotations

import random
import string

import lemminflect  # a requirement (requirements.txt): its absence is a failure, not a skip

from gateway.messages.lint import write_forms
from gateway.messages.lint.english import forms, guess, parse


def _words(*tables: dict) -> list[str]:
    return sorted({w for table in tables for w in table})


def _spellings(word: str) -> set[str]:
    return {word, word.lower(), word.upper(), word.capitalize()}


def test_every_word_has_lemminflects_lemmas():
    from lemminflect.core.Lemmatizer import Lemmatizer

    lemmatizer = Lemmatizer()
    words = _words(lemmatizer._getLemmaDict(), lemmatizer._getOverridesDict())
    assert len(words) > 60_000
    for word in words:
        for spelt in _spellings(word):
            assert parse._all_lemmas(spelt) == lemminflect.getAllLemmas(spelt), spelt
    # and nothing more: every stored word is one of lemminflect's, with an answer
    stored = forms.tables()["lemmas"].keys()
    assert stored == sorted({w.lower() for w in words if lemminflect.getAllLemmas(w.lower())})


def test_every_verb_has_lemminflects_forms_and_inflections():
    from lemminflect.core.Inflections import Inflections

    inflections = Inflections()
    words = _words(inflections._getInflDict(), inflections._getOverridesDict())
    verbs = []
    for word in words:
        for spelt in _spellings(word):
            assert forms.verb_forms(spelt) == lemminflect.getAllInflections(spelt, "VERB"), spelt
        if forms.verb_forms(word.lower()):
            verbs.append(word.lower())
    assert len(verbs) > 6_000
    assert forms.tables()["verbs"].keys() == sorted(set(verbs))
    # getInflection with a verb tag: the table's forms, VBD and VBN standing in for each
    # other, and lemminflect's guess where the table has no form (every "MD", and a sample
    # of the words that are no verb)
    for lemma in verbs + words[::40] + ["blorf", "zzzed", "Blorf"]:
        for tag in forms.VERB_TAGS:
            assert forms.inflection(lemma, tag) == lemminflect.getInflection(lemma, tag), (
                lemma, tag)
            expected = lemminflect.getInflection(lemma, tag)
            assert parse.inflect(lemma, tag) == (expected[0] if expected else lemma)


def test_unknown_words_are_lemminflects():
    for word in ("blorfed", "Zzzed", "", "a\tb", "a\nb", "\n", "zzzz", "~", "aaaaaaa", "zz"):
        assert parse._all_lemmas(word) == lemminflect.getAllLemmas(word), word
        assert forms.verb_forms(word) == lemminflect.getAllInflections(word, "VERB"), word
    for word in ("blorfed", "overdelivered", "mislaided"):  # lemminflect's guess, as before
        parse.lemmas.cache_clear()
        assert parse.lemmas(word) == lemminflect.getAllLemmasOOV(word, "VERB")
        assert parse._verb_forms(word[:-2]) == (
            lemminflect.getAllInflections(word[:-2], "VERB")
            or lemminflect.getAllInflectionsOOV(word[:-2], "VERB"))


def _made_up_words(n: int) -> list[str]:
    rng = random.Random(14)
    return ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 12)))
            for _ in range(n)]


def test_the_guesses_are_lemminflects_without_numpy():
    """english/guess.py runs lemminflect's two networks in plain Python: the same answers for
    every word of its lexicon with "-ed" added and for made-up ones, in any case."""
    from lemminflect.core.Inflections import Inflections
    from lemminflect.core.Lemmatizer import Lemmatizer

    lexicon = _words(Lemmatizer()._getLemmaDict(), Inflections()._getInflDict())
    made_up = _made_up_words(5_000)
    odd = ["Blorfed", "BLORFED", "x-ed", "", "ed", "d", "12ed", "naïved", "İed", "re‐routed"]
    for word in [w + "ed" for w in lexicon] + [w + "ed" for w in made_up] + odd:
        assert guess.all_lemmas(word, "VERB") == lemminflect.getAllLemmasOOV(word, "VERB"), word
    for upos in ("NOUN", "PROPN", "ADJ", "ADV", "AUX"):
        for word in lexicon[::50]:
            assert guess.all_lemmas(word, upos) == lemminflect.getAllLemmasOOV(word, upos), word
    for lemma in [w for w in lexicon if w] + made_up + [w.capitalize() for w in lexicon[::20]]:
        assert guess.verb_forms(lemma) == lemminflect.getAllInflectionsOOV(lemma, "VERB"), lemma


def test_the_shipped_file_is_what_the_command_writes():
    import gzip

    # the text, not the bytes: another zlib may compress the same text differently
    assert gzip.decompress(write_forms.build()) == gzip.decompress(forms.PATH.read_bytes()), (
        "lemminflect's lexicon changed: run `python -m gateway.messages.lint.write_forms`")
    assert gzip.decompress(write_forms.build_guess()) == gzip.decompress(guess.PATH.read_bytes()), (
        "lemminflect's models changed: run `python -m gateway.messages.lint.write_forms`")


def test_a_process_that_lints_words_the_lexicon_lacks_never_imports_numpy():
    """Importing lemminflect imports numpy (~8-10 MB resident for good, issue 14): an API
    process that lints "-ed" words outside the lexicon guesses them without it."""
    import subprocess
    import sys

    from tests.support.processes import ROOT

    script = (
        "import sys\n"
        "from gateway.messages.lint import lint_text\n"
        "from gateway.messages.lint.english import parse\n"
        "lint_text('We double-booked your table and the courier blorfed it.', 'en', 'body')\n"
        "lint_text('The driver mis-scanned and deprioritised the parcel.', 'en', 'body')\n"
        "assert parse.lemmas('blorfed') == {'VERB': ('blorf',)}, parse.lemmas('blorfed')\n"
        "assert parse.verb_lemma('double-booked', 'VBD') == 'double-book'\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'lemminflect')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]", done.stdout
