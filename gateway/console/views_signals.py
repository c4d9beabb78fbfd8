"""Early warning in the console: a chart per topic (volume against the usual
range, warnings marked) and one warning's figures and draft incident. Thin
over `gateway.signals`; the charts are server-side SVG."""

from __future__ import annotations

import json
from typing import Any

from flask import render_template

from ..signals import charts, rules, warning_records
from ..store.db import utcnow
from . import i18n, svg_chart
from .blueprint import bp, lang
from .session import page


def _chart(topic: str, now: Any) -> Any:
    t = i18n.translator(lang())
    points, warnings = charts.chart(topic, now)
    latest = points[-1] if points else None
    desc = t("chart_desc", topic=topic, observed=latest.observed if latest else 0,
             expected="–" if latest is None or latest.expected is None
             else f"{latest.expected:g}", warnings=len(warnings))
    return svg_chart.render(points, warnings, title=t("chart_title", topic=topic), desc=desc), \
        warnings


@bp.route("/signals")
@page("signals")
def signals() -> Any:
    now = utcnow()
    topics = []
    for topic in charts.active_topics(now):
        svg, warnings = _chart(topic, now)
        topics.append({"topic": topic, "svg": svg, "warnings": warnings,
                       "open": [w for w in warnings if w.status == "open"]})
    recent, _ = warning_records.list_warnings(None, None, None, 20)
    return render_template("console/signals.html", topics=topics, recent=recent)


@bp.route("/warnings/<int:id>")
@page("signals")
def warning(id: int) -> Any:
    row = warning_records.get_warning(id)
    svg, _ = _chart(row.topic, utcnow())
    data = warning_records.warning_dict(row)
    return render_template("console/warning.html", w=row, data=data, svg=svg,
                           draft_json=json.dumps(row.draft, indent=2, ensure_ascii=False),
                           rule=rules.get_rule(row.topic))
