"""Render every shipped template with sample facts and lint the result.

``python -m gateway lint-templates`` calls :func:`lint_all_templates` (exit 1
on any error), so a template that blames a vendor or forgets the apology
never lands. :func:`template_cases` is shared with the catalogue.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gateway.messages.context import (
    sample_complaint_context,
    sample_context,
)
from gateway.messages.lint import Finding, lint_rendered
from gateway.messages.render import (
    COMPENSATION_FAMILIES,
    COMPLAINT_FAMILIES,
    MESSAGE_CHANNELS,
    PAGES,
    TEMPLATES_DIR,
    Renderer,
    RenderError,
    get_renderer,
)
from gateway.vocabulary import KINDS, UPDATE_STAGES

SAMPLE_PUBLIC_URL = "https://status.example.com"


@dataclass(frozen=True)
class Case:
    """One sample render: a message family/channel/locale, or a page."""

    family: str  # a kind, "update", "survey" or "pages"
    channel: str  # email/sms/chat, or the page name
    locale: str
    kind: str  # the incident kind in the sample context
    stage: str | None = None

    @property
    def label(self) -> str:
        extra = f" kind={self.kind}" if self.family in ("update", "survey", "pages",
                                                        *COMPENSATION_FAMILIES) else ""
        return f"{self.family}/{self.channel}/{self.locale}{extra}" + (
            f" stage={self.stage}" if self.stage else "")


def template_cases(renderer: Renderer) -> Iterator[Case]:
    for locale in renderer.locales():
        for channel in MESSAGE_CHANNELS:
            for kind in KINDS:
                yield Case(kind, channel, locale, kind)
            for kind in KINDS:
                for stage in UPDATE_STAGES:
                    yield Case("update", channel, locale, kind, stage)
            yield Case("survey", channel, locale, "outage")
            for family in (*COMPLAINT_FAMILIES, *COMPENSATION_FAMILIES):
                yield Case(family, channel, locale, "outage")
        for page in PAGES:
            for kind in (KINDS if page in ("message", "ack") else ("outage",)):
                yield Case("pages", page, locale, kind)


def run_case(renderer: Renderer, case: Case, public_url: str = SAMPLE_PUBLIC_URL
             ) -> tuple[str, list[Finding], str | None]:
    """(template path, findings, render error or None) for one case."""
    context: dict[str, Any] = (
        sample_complaint_context(case.family, case.locale, public_url=public_url)
        if case.family in COMPLAINT_FAMILIES else
        sample_context(case.kind, case.locale, public_url=public_url, stage=case.stage,
                       survey=case.family in ("survey", "pages")))
    try:
        if case.family == "pages":
            context["page"] = {"channel": "email"}
            rendered = renderer.render_page(case.channel, case.locale, context)
            channel = "page"
        else:
            rendered = renderer.render(case.family, case.channel, case.locale, context)
            channel = case.channel
    except RenderError as exc:
        return renderer.templates_dir.name, [], str(exc)
    findings = lint_rendered(rendered, channel, rendered.locale, context, public_url)
    if rendered.fell_back:
        return rendered.template, findings, f"no {case.locale} template, en used"
    return rendered.template, findings, None


def lint_all_templates(templates_dir: str | os.PathLike[str] = TEMPLATES_DIR
                       ) -> tuple[int, list[str]]:
    """(exit code, report lines): 1 when any template fails to render or lints with an error."""
    renderer = get_renderer(templates_dir)
    lines: list[str] = []
    errors = warnings = cases = 0
    for case in template_cases(renderer):
        cases += 1
        path, findings, problem = run_case(renderer, case)
        if problem:
            errors += 1
            lines.append(f"ERROR   {path} [{case.label}]: {problem}")
        for f in findings:
            errors += f.severity == "error"
            warnings += f.severity == "warning"
            lines.append(f"{f.severity.upper():7} {path} [{case.label}] {f.code} in {f.field} "
                         f"{list(f.span)}: {f.message}")
    lines.append(f"{cases} renders checked: {errors} errors, {warnings} warnings")
    return (1 if errors else 0), lines
