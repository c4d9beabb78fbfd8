"""The descriptions /openapi.json gives request and report models, where `python -OO` keeps
them: the API process runs under -OO (cli/up.api_command), which drops docstrings, and
pydantic takes a model's description from its `__doc__`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T", bound=type)


def described(text: str) -> Callable[[T], T]:
    """The model's docstring, set as a string -OO does not drop."""

    def describe(cls: T) -> T:
        cls.__doc__ = text
        return cls

    return describe
