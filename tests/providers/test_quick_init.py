"""gateway/frozen.quick_init: the per-message frozen dataclasses keep their
dataclass behaviour (arguments, defaults, frozenness, eq, hash, repr, replace)."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

import pytest

from gateway.frozen import quick_init
from gateway.messages.render import JsonForms, Rendered
from gateway.providers.base import OutboundMessage, Outcome, SendResult


@dataclasses.dataclass(frozen=True)
class _Generated:
    a: int
    b: str | None
    c: tuple[str, ...] = ()
    d: Any = dataclasses.field(default=None, compare=False, repr=False)


@quick_init
@dataclasses.dataclass(frozen=True)
class _Quick:
    a: int
    b: str | None
    c: tuple[str, ...] = ()
    d: Any = dataclasses.field(default=None, compare=False, repr=False)


@pytest.mark.parametrize("args, kwargs", [
    ((1, "x"), {}), ((1, None, ("y",)), {}), ((1,), {"b": "x", "d": object()}),
    ((), {"a": 2, "b": "z", "c": ("q",), "d": 3})])
def test_same_values_as_the_generated_init(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    quick, generated = _Quick(*args, **kwargs), _Generated(*args, **kwargs)
    assert vars(quick) == vars(generated)
    assert repr(quick).replace("_Quick", "_Generated") == repr(generated)
    assert quick == _Quick(*args, **kwargs) and hash(quick) == hash(_Quick(*args, **kwargs))


@pytest.mark.parametrize("args, kwargs", [((), {}), ((1,), {}), ((1, "x"), {"a": 2}),
                                          ((1, "x"), {"e": 1}), ((1, "x", (), None, 5), {})])
def test_same_argument_errors(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        _Generated(*args, **kwargs)
    with pytest.raises(TypeError):
        _Quick(*args, **kwargs)


def test_still_frozen_and_replaceable() -> None:
    r = Rendered("s", "t", "h", "tpl", "1", "en", False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.text = "other"  # type: ignore[misc]
    assert dataclasses.replace(r, text="u").text == "u" and r.text == "t"
    assert r.left_out == () and r.json_forms is None
    forms = JsonForms("t", '"t"', "h", '"h"')
    assert r == Rendered("s", "t", "h", "tpl", "1", "en", False, (), forms)
    m = OutboundMessage(delivery_id=1, incident_id=None, channel="sms", to="+15005550006",
                        subject=None, text="hi", html=None, headers={}, ack_url=None)
    assert m.json_forms is None and pickle.loads(pickle.dumps(m)) == m
    s = SendResult(3, Outcome.RETRYABLE, error="x", ambiguous=True)
    assert (s.provider_message_id, s.retry_after) == (None, None) and hash(s) == hash(
        SendResult(3, Outcome.RETRYABLE, None, "x", None, True))


def test_refuses_what_it_cannot_copy() -> None:
    @dataclasses.dataclass(frozen=True)
    class WithFactory:
        a: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass
    class NotFrozen:
        a: int

    @dataclasses.dataclass(frozen=True)
    class PostInit:
        a: int

        def __post_init__(self) -> None:
            pass

    for cls in (WithFactory, NotFrozen, PostInit):
        with pytest.raises(TypeError):
            quick_init(cls)
