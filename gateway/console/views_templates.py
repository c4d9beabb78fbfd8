"""Templates: the catalogue with lint status, and the preview workbench."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import current_app, jsonify, render_template, request

from ..incidents import queries as incident_queries
from ..messages.context import sample_facts
from ..messages.preview import MESSAGE_CHANNELS, catalogue
from ..vocabulary import CHANNELS, KINDS, LOCALES
from . import forms
from .blueprint import bp
from .previews import render_grid
from .session import page

CHANNEL_CHOICES = ("all", *CHANNELS)
LOCALE_CHOICES = ("both", *LOCALES)


def _grid_rows() -> list[dict[str, Any]]:
    """Catalogue entries grouped by family (a kind, update, survey, pages) for the table."""
    grouped: dict[str, dict[str, Any]] = defaultdict(dict)
    for entry in catalogue(current_app.config["GATEWAY"].public_url):
        family = entry["path"].split("/")[0]
        column = entry.get("page") or entry["channel"]
        grouped[family][f"{column}.{entry['locale']}"] = entry
    order = [*KINDS, "update", "survey", "pages"]
    return [{"family": f, "entries": grouped[f]} for f in order if f in grouped]


@bp.route("/templates")
@page("templates")
def templates() -> Any:
    rows = _grid_rows()
    totals = {"errors": 0, "warnings": 0, "files": 0}
    for row in rows:
        for entry in row["entries"].values():
            totals["files"] += 1
            totals["errors"] += entry["lint"]["errors"]
            totals["warnings"] += entry["lint"]["warnings"]
    message_rows = [r for r in rows if r["family"] != "pages"]
    page_rows = [r for r in rows if r["family"] == "pages"]
    pages = sorted({k.split(".")[0] for r in page_rows for k in r["entries"]})
    return render_template("console/templates.html", rows=message_rows, page_rows=page_rows,
                           page_names=pages, totals=totals, channels=("email", "sms", "chat"),
                           locales=LOCALES)


def _preview_state(values: Any) -> dict[str, Any]:
    """Form values, the facts they describe and the rendered grid."""
    kind = values.get("kind") if values.get("kind") in (*KINDS, "update", "survey") else "outage"
    form: dict[str, Any] = {k: v for k, v in values.items() if isinstance(v, str)}
    loaded = None
    source = values.get("from_incident", "")
    if source.isdigit():
        loaded = incident_queries.find(int(source))
        if loaded is not None:
            form.update(forms.form_from_facts(loaded.facts))
            kind = loaded.kind
            form["title"] = loaded.title
    elif not any(values.get(name) for name in forms.FACT_FIELDS):
        en, zh = sample_facts(kind, "en"), sample_facts(kind, forms.ZH)
        form.update(forms.form_from_facts({"en": en, forms.ZH: zh}))
    form["kind"] = kind
    channel = values.get("channel") if values.get("channel") in CHANNEL_CHOICES else "all"
    locale = values.get("locale") if values.get("locale") in LOCALE_CHOICES else "both"
    form["channel"], form["locale"] = channel, locale
    facts = forms.preview_facts({"facts": forms.facts_from(form)})
    channels = MESSAGE_CHANNELS if channel == "all" else (channel,)
    locales = LOCALES if locale == "both" else (locale,)
    grid = render_grid(kind, facts, channels=channels, locales=locales,
                       customer=forms.customer_from(form),
                       incident={"require_ack": forms.checked(form, "require_ack"),
                                 **({"title": form["title"]} if form.get("title") else {})})
    return {"form": form, "grid": grid, "loaded": loaded, "locales": locales}


@bp.route("/templates/preview")
@page("templates")
def templates_preview() -> Any:
    state = _preview_state(request.args)
    recent = incident_queries.newest_labels(20)
    return render_template("console/preview.html", **state, kinds=(*KINDS, "update", "survey"),
                           channel_choices=CHANNEL_CHOICES, locale_choices=LOCALE_CHOICES,
                           recent=recent)


@bp.route("/templates/preview.json", methods=["POST"])
@page("templates")
def templates_preview_json() -> Any:
    """The live preview: the same partial the page renders, for the form as typed."""
    state = _preview_state(request.form)
    html = render_template("console/_grid.html", grid=state["grid"], locales=state["locales"])
    lint = [f for row in state["grid"] for cell in row["cells"] for f in cell.get("lint", [])]
    return jsonify({"html": html, "errors": sum(f["severity"] == "error" for f in lint),
                    "warnings": sum(f["severity"] != "error" for f in lint)})
