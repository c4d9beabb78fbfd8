"""framing.py's shapes are searched only in a text that holds one of their needed strings
(``_NEEDS``): each must be held by every match, or a shape would be missed."""

from __future__ import annotations

from pathlib import Path
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

import yaml

from gateway.messages.lint.english import framing

CORPUS = Path(__file__).parent / "corpus"
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _held(items: Any, needs: tuple[str, ...]) -> bool:
    """Whether every match of the parsed ``items`` holds one of ``needs``: a run of literal
    letters (zero-width tests inside it) that holds one, or a part every match goes through
    (a group, a repeat at least once, a choice whose every alternative holds one)."""
    run: list[str] = []
    runs: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if op in _ZERO_WIDTH:
            continue
        runs.append("".join(run))
        run = []
        if op is sre.SUBPATTERN and _held(av[-1], needs):
            return True
        if op is sre.BRANCH and all(_held(branch, needs) for branch in av[1]):
            return True
        if op in _REPEATS and av[0] >= 1 and _held(av[2], needs):
            return True
    runs.append("".join(run))
    return any(need in r for r in runs for need in needs)


def _shapes() -> dict[Any, tuple[str, ...]]:
    framing._some_harm()  # the shapes built from the lexicon register on first use
    framing._their_fault()
    framing._must_trust()
    return dict(framing._NEEDS)


def test_every_match_of_a_shape_holds_one_of_its_needed_strings():
    shapes = _shapes()
    assert len(shapes) == 16
    for shape, needs in shapes.items():
        assert needs and all(n == n.lower() for n in needs), shape.pattern
        assert _held(_parser.parse(shape.pattern, shape.flags), needs), shape.pattern
    # and the check refuses strings some match goes without
    effort, now_and_then = (_parser.parse(s.pattern) for s in (framing._EFFORT,
                                                              framing._NOW_AND_THEN))
    assert not _held(effort, ("hard",)) and not _held(effort, ("hardly", "priority"))
    assert not _held(now_and_then, ("occasionally", "sometimes", "at times"))


def test_needed_strings_are_in_every_match_found_in_the_corpus():
    shapes, found = _shapes(), 0
    for path in sorted(CORPUS.glob("*.yaml")) + sorted(CORPUS.glob("dev-[0-9]*/en.yaml")):
        if path.name.startswith("zh"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for section in (data.get("bad"), data.get("good")):
            groups = section.values() if isinstance(section, dict) else [section]
            for text in (s for group in groups for s in group or [] if isinstance(s, str)):
                for _, sentence in framing._spans(text):
                    for shape, needs in shapes.items():
                        match = shape.search(sentence)
                        if match:
                            found += 1
                            assert any(n in match.group(0) for n in needs), (shape.pattern, text)
    assert found > 20
