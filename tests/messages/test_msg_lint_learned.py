"""The learned check: its model reads text exactly as scikit-learn trained it, it is
trained on today's development corpora and never on the held-out set, and its findings
sit beside the rules' without repeating them."""

from __future__ import annotations

import json
import math
import random
from collections import Counter

import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from gateway.messages.lint import learned, lint_text, train
from gateway.messages.lint.evaluate import HELDOUT, by_kind

LOCALES = sorted(learned.SETTINGS)


def _sentences(locale: str) -> list[str]:
    return [s for rows in train.corpus_rows(locale).values() for s, _, _ in rows]


@pytest.mark.parametrize("locale", LOCALES)
def test_ngrams_are_scikit_learns(locale):
    analyzer, low, high = learned.SETTINGS[locale]
    theirs = TfidfVectorizer(analyzer=analyzer, ngram_range=(low, high),
                             preprocessor=learned.normalise).build_analyzer()
    texts = _sentences(locale)[::7] + ["  Two  spaces\tand a TAB. ", "a", "", "Ref 12-345, ¥99"]
    for text in texts:
        assert sorted(learned.ngrams(text, analyzer, low, high)) == sorted(theirs(text)), text


@pytest.mark.parametrize("locale", LOCALES)
def test_scores_and_kinds_are_the_trained_models(locale):
    """A model trained on two corpus sets, read back from its JSON: the same decision
    values as scikit-learn's (to the thousandths the file keeps) and the same kinds, its
    class n-grams included."""
    sets = dict(list(train.corpus_rows(locale).items())[:2])
    vectorizer, flagger, kinds, threshold = train.fit_models(
        locale, sets, train.class_lexicon(locale))
    model = learned.from_json(json.loads(json.dumps(
        train.as_json(locale, sets, vectorizer, flagger, kinds, threshold))))
    texts = _sentences(locale)[::5]
    x = vectorizer.transform(texts)
    theirs = flagger.decision_function(x)
    margins = kinds.decision_function(x)
    for text, value, margin in zip(texts, theirs, margins, strict=True):
        assert learned.score(model, text) == pytest.approx(value, abs=0.02), text
        top, second = sorted(margin)[-1], sorted(margin)[-2]
        if learned.score(model, text) > model.threshold and top - second > 0.05:
            assert learned.reads_bad(model, text) == kinds.classes_[margin.argmax()], text


@pytest.mark.parametrize("locale", LOCALES)
def test_the_shipped_model_read_a_gram_at_a_time_is_the_json(locale):
    """``model()`` reads the file one n-gram at a time (less memory): the same model as
    json.loads and ``from_json``, down to the last bit of every weight."""
    import dataclasses

    text = (learned.MODEL_DIR / f"{locale}.json").read_text(encoding="utf-8")
    ours, theirs = learned.read(text), learned.from_json(json.loads(text))
    assert ours.rows and len(ours.rows) == len(json.loads(text)["ngrams"])
    for field in dataclasses.fields(learned.Model):
        assert getattr(ours, field.name) == getattr(theirs, field.name), field.name
    spaced = json.dumps(json.loads(text), indent=1)  # any JSON layout
    assert learned.read(spaced).kind_weights == ours.kind_weights
    with pytest.raises(ValueError):
        learned.read(text.rstrip() + "}")


@pytest.mark.parametrize("locale", LOCALES)
def test_rows_in_a_trie_count_as_a_dict_of_every_ngram(locale):
    """``Rows`` holds the n-grams in a trie: every n-gram of the file has a row of its own, its
    weights are the file's, and each sentence's features count as a dict of every n-gram to
    its row counts them (a text with a lone surrogate too: no n-gram of the model holds one)."""
    text = (learned.MODEL_DIR / f"{locale}.json").read_text(encoding="utf-8")
    data = json.loads(text)
    grams = data["ngrams"]
    m = learned.model(locale)
    assert m is not None
    one = dict(m.rows)
    assert sorted(one) == sorted(grams) and sorted(one.values()) == list(range(len(grams)))
    assert all(m.rows[g] == row and g in m.rows for g, row in one.items())
    width, scale = len(m.kinds), m.scale
    for g in list(grams)[::97]:
        row = one[g]
        assert m.idf[row] == grams[g][0] / scale
        assert list(m.kind_weights[row * width : (row + 1) * width]) == grams[g][2:]
    assert m.unknown == len(grams) and "\ud800" not in m.rows
    for text in _sentences(locale)[::3] + ["Ref 12-345, ¥99 OTA升级", "  a  b ", "", "我",
                                           "the courier \ud800 lost 您的\udfff包裹"]:
        sentence = text if m.class_high else learned.normalise(text)
        assert learned._counts(m, sentence) == Counter(
            one.get(g, m.unknown) for g in learned.grams(m, sentence))
        assert list(learned._counts(m, sentence)) == list(Counter(
            one.get(g, m.unknown) for g in learned.grams(m, sentence))), text


@pytest.mark.parametrize("locale", LOCALES)
def test_shipped_model_is_trained_on_todays_corpora(locale):
    shipped = json.loads((learned.MODEL_DIR / f"{locale}.json").read_text(encoding="utf-8"))
    assert shipped["trained_on"] == train.digest(train.corpus_rows(locale)), (
        "the development corpora changed: run `python -m gateway.messages.lint.train`")


@pytest.mark.parametrize("locale", LOCALES)
def test_model_never_learns_the_held_out_set(locale):
    import yaml

    data = yaml.safe_load((HELDOUT[locale] / f"{locale}.yaml").read_text(encoding="utf-8"))
    held = {s for label in ("bad", "good") for ss in by_kind(data[label]).values() for s in ss}
    assert held and held.isdisjoint(_sentences(locale))
    assert HELDOUT[locale].name not in train.corpus_rows(locale)


def _model_of(weights: dict[str, float], kind: str) -> learned.Model:
    """A hand-made model: these words read bad, as ``kind``; nothing else counts."""
    return learned.from_json({
        "scale": 1, "settings": ["word", 1, 1], "threshold": 0, "bias": -0.5,
        "kinds": [kind, "vague"], "kind_bias": [0, -1],
        "ngrams": {w: [1, v, v, 0] for w, v in weights.items()}})


def test_a_sentence_no_rule_matched_gets_the_kind_and_advice_as_a_warning(monkeypatch):
    monkeypatch.setattr(learned, "model", lambda locale: _model_of({"depot": 3.0},
                                                                   "blame_others"))
    text = "Your delivery is late. Several parcels reached the depot after the last van had left."
    found = lint_text(text, "en", "facts.impact")
    assert [(f.code, f.severity, f.field, text[f.span[0]:f.span[1]]) for f in found] == [
        ("blame_others", "warning", "facts.impact",
         "Several parcels reached the depot after the last van had left")]
    assert found[0].suggestion == learned.ADVICE["en"]["blame_others"]
    assert "learned check" in found[0].message


def test_a_sentence_a_rule_flagged_gets_no_second_finding(monkeypatch):
    monkeypatch.setattr(learned, "model", lambda locale: _model_of({"courier": 3.0},
                                                                   "blame_others"))
    found = lint_text("The courier company lost your parcel on Monday.", "en", "text")
    assert found and all("learned check" not in f.message for f in found)


def test_a_sentence_its_neighbour_owns_is_not_second_guessed(monkeypatch):
    """The rules flag "您的预订被取消了" alone and spare it after "我们出了错"."""
    monkeypatch.setattr(learned, "model", lambda locale: learned.from_json({
        "scale": 1, "settings": ["char", 1, 1], "threshold": 0, "bias": -0.5,
        "kinds": ["passive_evasion", "vague"], "kind_bias": [0, -1],
        "ngrams": {"被": [1, 3, 3, 0]}}))
    assert lint_text("您的预订被取消了，请重新预订。", "zh-CN", "text")
    assert lint_text("我们出了错。您的预订被取消了。现在已经恢复。", "zh-CN", "text") == []


def test_links_and_other_languages_are_not_read(monkeypatch):
    monkeypatch.setattr(learned, "model", lambda locale: _model_of({"status": 3.0, "example": 3.0},
                                                                   "jargon"))
    assert lint_text("Go to https://status.example.com/m/1 for the latest news.", "en",
                     "text") == []
    monkeypatch.setattr(learned, "model", lambda locale: learned.from_json({
        "scale": 1, "settings": ["char", 1, 1], "threshold": 0, "bias": -0.5,
        "kinds": ["jargon", "vague"], "kind_bias": [0, -1], "ngrams": {"e": [1, 3, 3, 0]}}))
    assert lint_text("The engineers restored service at seven.", "zh-CN", "text") == []


def test_a_sentence_its_neighbours_set_right_is_left_alone(monkeypatch):
    """Judged with the sentences around it too: "...; that was our mistake" owns it."""
    monkeypatch.setattr(learned, "model", lambda locale: _model_of(
        {"depot": 3.0, "mistake": -10.0}, "blame_others"))
    alone = "Several parcels reached the depot after the last van had left."
    assert [f.code for f in lint_text(alone, "en", "text")] == ["blame_others"]
    assert lint_text(alone + " That was our mistake, and we are sorry.", "en", "text") == []


def test_class_ngrams_stand_for_the_words_of_a_class():
    """A third party, us, the customer, a negation, a negative word, a number and an
    abbreviation in capitals read as their class, beside the words themselves."""
    en = learned.class_grams("The courier lost your 12 parcels, not us: ask DHL.", "word",
                             {"courier": "ACTOR", "lost": "NEG", "your": "YOU", "not": "NOT",
                              "us": "WE"}, 3, 7)
    assert {"the ACTOR NEG", "ACTOR NEG YOU", "NEG YOU NUM", "NOT WE", "ask CAPS"} <= set(en)
    assert all(any(c in g for c in ("ACTOR", "NEG", "YOU", "NUM", "NOT", "WE", "CAPS"))
               for g in en)  # the words alone are the plain n-grams' business
    zh = learned.class_grams("快递公司弄丢了您的3个SF包裹。", "char",
                             {"快递公司": "ACTOR", "丢": "NEG", "您": "YOU"}, 3, 4)
    assert {"<ACTOR>弄<NEG>", "了<YOU>的", "<NUM>个<CAPS>"} <= set(zh)


def _plain_class_grams(text: str, classes: dict[str, str], high: int, longest: int) -> list[str]:
    """Chinese class n-grams the plain way: at each character the longest class word there
    (sizes tried from the longest down), then every n-gram holding a class."""
    text = learned._ZEROS.sub("\x00", learned.normalise(
        learned._CAPS.sub("\x01", learned._SPACES.sub(" ", text))))
    units: list[str] = []
    marked: list[bool] = []
    i = 0
    while i < len(text):
        if text[i] in "\x00\x01":
            units.append("<NUM>" if text[i] == "\x00" else "<CAPS>")
            marked.append(True)
            i += 1
            continue
        for size in range(min(longest, len(text) - i), 0, -1):
            if text[i : i + size] in classes:
                units.append(f"<{classes[text[i : i + size]]}>")
                marked.append(True)
                i += size
                break
        else:
            units.append(text[i])
            marked.append(False)
            i += 1
    return ["".join(units[i : i + n]) for n in range(1, high + 1)
            for i in range(len(units) - n + 1) if any(marked[i : i + n])]


def test_chinese_class_units_are_the_longest_class_word_at_each_character():
    """The shipped lexicon's class n-grams are those of plain forward maximum matching, on
    corpus sentences and on random strings dense with class words and their prefixes."""
    m = learned.model("zh-CN")
    assert m is not None
    words = sorted(m.classes)
    rng = random.Random(17)
    chars = sorted({c for w in words for c in w}) + list("的了0 9ABab，。")
    texts = _sentences("zh-CN")[::3] + [
        "".join(rng.choice(words) if rng.random() < 0.5 else rng.choice(chars)
                for _ in range(rng.randint(0, 16))) for _ in range(500)]
    for text in texts:
        for longest in (m.longest_class_word, 2):
            assert learned.class_grams(text, "char", m.classes, m.class_high, longest) == (
                _plain_class_grams(text, m.classes, m.class_high, longest)), (text, longest)



def test_chinese_features_are_the_ngrams_then_the_class_ngrams():
    """A Chinese sentence with no digit and no capitals takes its class words from the n-grams
    already cut (grams' fast path): the same features, in the same order, as the n-grams and
    then the class n-grams made apart, on corpus sentences and on random strings dense with
    class words, their prefixes, spaces, capitals and digits."""
    m = learned.model("zh-CN")
    assert m is not None
    words = sorted(m.classes)
    rng = random.Random(18)
    chars = sorted({c for w in words for c in w}) + list("的了0 9ABab，。\u3000İ\x00\x01")
    texts = _sentences("zh-CN")[::2] + [
        "".join(rng.choice(words) if rng.random() < 0.5 else rng.choice(chars)
                for _ in range(rng.randint(0, 16))) for _ in range(1000)]
    fast = 0
    for text in texts:
        apart = learned.ngrams(text, m.analyzer, m.low, m.high) + learned.class_grams(
            text, m.analyzer, m.classes, m.class_high, m.longest_class_word)
        assert learned.grams(m, text) == apart, text
        fast += learned._DIGIT.search(text) is None and learned._CAPS.search(text) is None
    assert fast > len(texts) // 2  # the fast path was taken, and the other too

@pytest.mark.parametrize("locale", LOCALES)
def test_scores_and_kinds_are_plain_tfidf(locale):
    """The score and the kind, summed by C loops, are the plain TF-IDF sums: sublinear
    counts, L2 norm, the decision value and each kind's score written out term by term."""
    m = learned.model(locale)
    assert m is not None
    width = len(m.kinds)
    for text in _sentences(locale)[::4]:
        sentence = text if m.class_high else learned.normalise(text)
        known = [((1 + math.log(n)) * m.idf[m.rows[g]], m.rows[g])
                 for g, n in Counter(learned.grams(m, sentence)).items() if g in m.rows]
        norm = math.sqrt(sum(v * v for v, _ in known)) or 1.0
        bad = sum(v * m.toward_bad[r] / m.idf[r] for v, r in known if m.idf[r]) / norm
        assert learned.score(m, sentence) == pytest.approx(m.bias + bad, abs=1e-9), text
        kinds = [m.kind_bias[k] + sum(v * m.kind_weights[r * width + k] / m.scale for v, r in known)
                 / norm for k in range(width)]
        top, second = sorted(kinds)[-1], sorted(kinds)[-2]
        if m.bias + bad > m.threshold + 1e-9 and top - second > 1e-9:
            assert learned.reads_bad(m, text) == m.kinds[kinds.index(top)], text


@pytest.mark.parametrize("locale", LOCALES)
def test_class_lexicon_puts_each_word_in_one_class(locale):
    classes = train.class_lexicon(locale)
    assert {"ACTOR", "WE", "YOU", "NOT", "NEG"} <= set(classes)
    words = [w for ws in classes.values() for w in ws]
    assert len(words) == len(set(words))
    shipped = json.loads((learned.MODEL_DIR / f"{locale}.json").read_text(encoding="utf-8"))
    assert shipped.get("classes", {}) == (classes if train.SHIP_CLASSES[locale] else {})


# A third party blamed in words no development sentence uses (a negative verb of the general
# lexicon, an object), and the same fault owned.
UNSEEN = {
    "en": (["shattered", "harpsichord"], "The courier shattered the harpsichord you sent us.",
           "We shattered the harpsichord you sent us."),
    "zh-CN": (["毁坏", "鱼缸"], "快递员毁坏了您的鱼缸。", "我们毁坏了您的鱼缸。"),
}


def _classes_only(locale: str) -> learned.Model:
    """The shipped model with only its class n-grams: what the classes alone make of a
    sentence."""
    data = json.loads((learned.MODEL_DIR / f"{locale}.json").read_text(encoding="utf-8"))
    data["ngrams"] = {g: w for g, w in data["ngrams"].items() if any(c.isupper() for c in g)}
    return learned.from_json(data)


@pytest.mark.parametrize("locale", [loc for loc in LOCALES if train.SHIP_CLASSES[loc]])
def test_blame_in_unseen_words_reads_worse_than_its_owned_rewrite(locale):
    """The class n-grams ("ACTOR NEG") carry to wording the corpora never used: the shipped
    model reads the blame as blame_others and its owned rewrite as fine, and its class
    n-grams alone score the blame above the rewrite."""
    unseen, blame, owned = UNSEEN[locale]
    corpus = " ".join(_sentences(locale)).lower()
    assert not [w for w in unseen if w in corpus]
    m = learned.model(locale)
    assert m is not None and m.class_high
    assert learned.score(m, blame) > m.threshold > learned.score(m, owned)
    assert learned.reads_bad(m, blame) == "blame_others"
    classes = _classes_only(locale)
    assert learned.score(classes, blame) > learned.score(classes, owned)
