"""The linter's findings on what staff submit, as JSON objects: an incident's facts,
an update's message, and who will get another language than their own
(``locale_fallback``). The intake, the preview and the console ask here.

This module loads the linter. Workers must not (~3 MB of modules, more with its
dictionaries, in processes held under 128 MB; tests/delivery/test_worker_imports.py):
the incidents area, which workers load, never imports it, and an update's
findings come to `incidents.updates.post_update` from its caller."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from .context import fallback_notes
from .lint import lint_facts
from .lint.checks import locale_fallback


def _as_dicts(findings: list[Any]) -> list[dict[str, Any]]:
    return [f if isinstance(f, dict) else dataclasses.asdict(f) for f in findings]


def facts_findings(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """An incident's facts, linted."""
    return _as_dicts(lint_facts(facts))


def language_findings(facts: Mapping[str, Any], by_locale: Mapping[str | None, int],
                      update_message: str | None = None,
                      field: str = "facts") -> list[dict[str, Any]]:
    """Lint warnings ``locale_fallback``: "12 customers will get English because there are
    no Chinese facts" — said at intake, in previews and on the compose page before sending."""
    notes = fallback_notes(facts, by_locale, update_message)
    return [dataclasses.asdict(f) for f in locale_fallback(notes, field)]


def update_findings(message: str, facts: Mapping[str, Any],
                    by_locale: Mapping[str | None, int]) -> list[dict[str, Any]]:
    """An update's message, linted, then who of the incident's customers (`by_locale`)
    will get it in another language than their own (warnings, field ``message``)."""
    return _as_dicts(lint_facts({}, update_message=message)) + \
        language_findings(facts, by_locale, message, field="message")
