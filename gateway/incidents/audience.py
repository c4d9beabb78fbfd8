"""Who an incident is for, resolved by queries in the database.

The matching customers are copied into `incident_recipients` by INSERT …
SELECT: nothing loads the customer table into Python, and approval later
dispatches to this snapshot. An incident that goes out at once is only
counted at intake (`count_criteria`: one grouped COUNT, and the horizon, the
highest customer id then); expansion writes its snapshot chunk by chunk
(`criteria_through`), so the first message does not wait for a million-row
INSERT. What that means for customers created, erased or re-tagged meanwhile
is said in `Incident.snapshot_pending`.

An `all` audience is not counted: its size per locale is read from
`customer_locale_deltas`, which triggers on `customers` keep (`LocaleDelta`), in
one statement with the horizon, so both come from one snapshot (at a million
customers the grouped COUNT was 55-70 % of POST → first message on
PostgreSQL). The races left are the COUNT's: a customer whose id is below the
horizon but whose transaction commits after the read is in neither figure, yet
expansion, which walks ids up to the horizon later, finds them (as it finds a
customer erased or moved to another locale after the read the other way), so
`audience_size` and the locales may differ from the messages planned by the
customers written while the POST ran. The deltas add no race of their own: a
transaction's deltas commit with its customers, and the fold
(`fold_locale_deltas`) replaces rows by their sum in one statement.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import JsonDict
from sqlalchemy import (
    Numeric,
    Select,
    and_,
    case,
    cast,
    exists,
    func,
    insert,
    literal,
    select,
    text,
    true,
)

from ..customers.models import Customer, CustomerTag, LocaleDelta
from ..schema_docs import described
from ..store.db import db
from ..vocabulary import ExternalId, Tag
from .models import Incident, Recipient

ID_CHUNK = 1000
Scalar = str | int | float | bool


_EMPTY: JsonDict = {"tags_any": {"maxItems": 0}, "tags_all": {"maxItems": 0},
          "attributes": {"maxProperties": 0}}
# The rule of `_one_kind_of_criterion`, said in JSON Schema for /openapi.json
# (inside `allOf`, where client generators read it as a constraint, not a union).
ONE_KIND_OF_CRITERION: JsonDict = {"allOf": [{"oneOf": [
    {"title": "explicit ids", "required": ["customer_ids"],
     "properties": {"customer_ids": {"type": "array", "minItems": 1}, "all": {"const": False},
                    **_EMPTY}},
    {"title": "everyone", "required": ["all"],
     "properties": {"all": {"const": True}, "customer_ids": {"maxItems": 0}, **_EMPTY}},
    {"title": "criteria (ANDed)",
     "anyOf": [{"required": ["tags_any"], "properties": {"tags_any": {"minItems": 1}}},
               {"required": ["tags_all"], "properties": {"tags_all": {"minItems": 1}}},
               {"required": ["attributes"], "properties": {"attributes": {"minProperties": 1}}}],
     "properties": {"all": {"const": False}, "customer_ids": {"maxItems": 0}}},
]}]}

# The three kinds of audience and the fields that name each; a body may name one.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "customer_ids": ("customer_ids",),
    "criteria": ("tags_any", "tags_all", "attributes"),
    "all": ("all",),
}


def kinds_named(raw: Mapping[str, Any]) -> list[str]:
    """The kinds of audience `raw` carries a value for (a non-empty list or
    mapping, or `all: true`), in `KIND_FIELDS` order."""
    return [kind for kind, names in KIND_FIELDS.items()
            if any(raw.get(name) not in (None, False, "", [], {}) for name in names)]


def other_kinds(raw: Mapping[str, Any], chosen: str) -> list[str]:
    """Kinds other than `chosen` that `raw` carries values for: a form whose
    hidden inputs still hold text must not narrow or widen the audience unseen."""
    return [kind for kind in kinds_named(raw) if kind != chosen]


@described("One of: explicit ids, `all`, or tag/attribute criteria (ANDed).")
class Audience(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ONE_KIND_OF_CRITERION)
    customer_ids: list[ExternalId] | None = Field(None, max_length=100_000)
    tags_any: list[Tag] = Field(default_factory=list, max_length=100)
    tags_all: list[Tag] = Field(default_factory=list, max_length=100)
    attributes: dict[str, Scalar] = Field(default_factory=dict, max_length=50)
    all: bool = False

    @model_validator(mode="after")
    def _one_kind_of_criterion(self) -> Audience:
        named = kinds_named(self.model_dump())
        if not named:
            raise ValueError("the audience needs a criterion: customer_ids, tags_any, "
                             "tags_all, attributes or all")
        if "all" in named and len(named) > 1:
            raise ValueError("'all' cannot be combined with other criteria")
        if len(named) > 1:
            raise ValueError("customer_ids cannot be combined with tag or attribute criteria")
        return self


# What a number or a boolean looks like as text (a JSON number, or a string
# such as "5" that the console's customer form stores).
NUMBER = r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]{1,3})?$"
PG_BOOLEAN = r"^(true|false|t|f|yes|no|y|n|on|off|1|0)$"


def _attribute_match(key: str, value: Scalar) -> Any:
    """A customer's attribute equal to `value`: numbers by value (5 = 5.0 = "5"),
    booleans, strings as they are. An attribute that is not a number is not cast
    to one: PostgreSQL would refuse the cast ("abc" as a float: an error, a 500),
    SQLite would read it as 0."""
    column = Customer.attributes[key]
    text = column.as_string()
    postgres = db.session.get_bind().dialect.name == "postgresql"
    if isinstance(value, bool):
        if postgres:
            return case((text.regexp_match(PG_BOOLEAN, flags="i"), column.as_boolean()),
                        else_=None) == value
        return column.as_boolean() == value
    if isinstance(value, int | float):
        if postgres:  # exact: NUMERIC, not a float that overflows at 1e309
            return case((text.regexp_match(NUMBER), cast(text, Numeric)),
                        else_=None) == literal(Decimal(repr(value)), Numeric)
        return case((text.regexp_match(NUMBER), column.as_float()),
                    else_=None) == float(value)  # SQLite binds no int beyond 64 bits
    return text == value


def criteria_query(audience: Audience, live: bool = True) -> Select[Any]:
    """Live customers matching tags/attributes/all (not explicit ids); with `live` False
    erased ones too, for a caller that checks `erased_at` itself (`walk`)."""
    query = select(Customer.id)
    if live:
        query = query.where(Customer.erased_at.is_(None))
    if audience.tags_any:
        query = query.where(exists().where(and_(CustomerTag.customer_id == Customer.id,
                                                CustomerTag.tag.in_(audience.tags_any))))
    if audience.tags_all:  # one grouped subquery: 100 EXISTS took PostgreSQL's planner 57 s
        wanted = set(audience.tags_all)
        query = query.where(Customer.id.in_(
            select(CustomerTag.customer_id).where(CustomerTag.tag.in_(wanted))
            .group_by(CustomerTag.customer_id).having(func.count() == len(wanted))))
    for key, value in audience.attributes.items():
        query = query.where(_attribute_match(key, value))
    return query


def audience_now(audience: Audience) -> tuple[dict[str | None, int], list[str]]:
    """Live customers an audience matches now (no snapshot taken) by their locale, and
    the listed ids that match none: listed ids looked up once (their locales with them),
    criteria and `all` as the intake counts them (`count_criteria`), so previews and
    the console's size and languages say what the 202 will (`all`: the kept counts)."""
    if not audience.customer_ids:
        return count_criteria(audience)[1], []
    ids = list(dict.fromkeys(audience.customer_ids))
    found: dict[str, str] = {}
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start:start + ID_CHUNK]
        found.update((ext, locale) for ext, locale in db.session.execute(
            select(Customer.external_id, Customer.locale).where(
                Customer.external_id.in_(chunk), Customer.erased_at.is_(None))))
    # in locale order, as a grouped COUNT reads them (fallback sentences of equal counts
    # keep it)
    by_locale: dict[str | None, int] = dict(sorted(Counter(found.values()).items()))
    return by_locale, [i for i in ids if i not in found]


def snapshot(incident_id: int, audience: Audience) -> tuple[int, list[str]]:
    """Store the audience; return (size, unknown customer ids)."""
    if audience.customer_ids:
        unknown: list[str] = []
        ids = list(dict.fromkeys(audience.customer_ids))
        for start in range(0, len(ids), ID_CHUNK):
            chunk = ids[start:start + ID_CHUNK]
            found = dict(db.session.execute(
                select(Customer.external_id, Customer.id).where(
                    Customer.external_id.in_(chunk), Customer.erased_at.is_(None))
            ).all())
            unknown.extend(ext for ext in chunk if ext not in found)
            if found:
                db.session.execute(insert(Recipient), [
                    {"incident_id": incident_id, "customer_id": cid} for cid in found.values()
                ])
    else:
        unknown = []
        chosen = criteria_query(audience).subquery()
        db.session.execute(insert(Recipient).from_select(
            ["incident_id", "customer_id"], select(literal(incident_id), chosen.c.id)))
    size = db.session.execute(
        select(func.count()).select_from(Recipient).where(Recipient.incident_id == incident_id)
    ).scalar_one()
    return int(size), unknown


def criteria_through(audience: Audience, through: int) -> Select[Any]:
    """`criteria_query` up to the horizon: no customer created after it was counted."""
    return criteria_query(audience).where(Customer.id <= through)


WINDOW_MAX = 65_536  # ids read at most per query while walking a sparse audience


def walk(query: Select[Any], after: int, through: int, limit: int, span: int,
         eager: bool = False) -> tuple[list[Any], int, int]:
    """Up to `limit` live rows of `query` (customers in id order, the criteria but not
    `erased_at IS NULL` in it, `erased_at` among its columns) with ids in
    (after, through], read window by window of ids.

    Each query reads one bounded id range (`span` ids, growing fourfold up to
    WINDOW_MAX while windows come back short): its cost is that range's, whatever
    the planner thinks of the table. Keyset `id > after … LIMIT n` on a table not
    analyzed since a bulk load made PostgreSQL read every remaining row for each
    chunk; and `erased_at IS NULL` in SQL made it AND in a bitmap of the whole
    live-customer partial index for every window, so erased rows are skipped here.
    `eager` returns as soon as a window found anyone (the first chunk).
    Returns the rows, the id read up to (the next `after`) and the next span."""
    rows: list[Any] = []
    column = Customer.__table__.c.id
    while after < through and len(rows) < limit:
        upto = min(after + span, through)
        want = limit - len(rows)
        # On the session's connection: plain rows, without the ORM's result handling
        got = db.session.connection().execute(query.where(column > after, column <= upto)
                                              .limit(want)).all()
        rows += [row for row in got if row.erased_at is None]
        full = len(got) == want  # the window may hold more: go on after its last row
        after = int(got[-1].id) if full else upto
        if not full and len(got) < span // 2:
            span = min(span * 4, WINDOW_MAX)
        if rows and eager:
            break
    return rows, after, span


def count_criteria(audience: Audience) -> tuple[int, dict[str | None, int]]:
    """The horizon (the highest customer id now; 0 with no customers) and the live
    customers a criteria audience matches up to it, by locale: one grouped scan, no
    rows written (`all`: the kept counts, `live_by_locale`). The sum is the 202's
    `audience_size`; previews and the console read their locales here too
    (`locales_of_audience`)."""
    if audience.all:
        return live_by_locale()
    through = int(db.session.execute(select(func.max(Customer.id))).scalar_one() or 0)
    rows = db.session.execute(locale_counts(audience, through))
    return through, {locale: int(n) for locale, n in rows}


def live_by_locale() -> tuple[int, dict[str | None, int]]:
    """The horizon and the live customers by locale from `customer_locale_deltas`, in
    one statement (one snapshot on PostgreSQL): the locales' sums of deltas and the
    highest customer id, read by the primary key's last entry."""
    horizon = select(func.max(Customer.id).label("through")).subquery()
    kept = (select(LocaleDelta.locale, func.sum(LocaleDelta.delta).label("n"))
            .group_by(LocaleDelta.locale).having(func.sum(LocaleDelta.delta) > 0).subquery())
    rows = db.session.execute(select(horizon.c.through, kept.c.locale, kept.c.n)
                              .select_from(horizon.outerjoin(kept, true()))).all()
    return int(rows[0].through or 0), {row.locale: int(row.n) for row in rows if row.n}


def fold_locale_deltas() -> int:
    """Replace PostgreSQL's delta rows by one row per locale, their sum, in one statement
    (the rows it deletes are the rows it sums: a transaction's rows committed meanwhile
    stay for the next fold); the scheduler runs it, and a fold that fails runs again
    at its next turn. SQLite keeps one row per locale already. Returns the rows folded."""
    if db.session.get_bind().dialect.name != "postgresql":
        return 0
    folded = db.session.execute(text(
        "WITH gone AS (DELETE FROM customer_locale_deltas RETURNING locale, delta), "
        "summed AS (INSERT INTO customer_locale_deltas (locale, delta) "
        "SELECT locale, sum(delta) FROM gone GROUP BY locale HAVING sum(delta) <> 0) "
        "SELECT count(*) FROM gone")).scalar_one()
    db.session.commit()
    return int(folded)


def locale_counts(audience: Audience, through: int) -> Select[Any]:
    """(locale, live customers) of a criteria audience up to `through`, by a scan of
    the `ix_customers_live_locale` index in locale order (no sort) for `all`, which
    `count_criteria` reads from the kept counts instead (`live_by_locale`)."""
    chosen = criteria_through(audience, through).with_only_columns(Customer.locale).subquery()
    return select(chosen.c.locale, func.count()).group_by(chosen.c.locale)


def snapshot_through(incident_id: int, audience: Audience, through: int) -> None:
    """Write a criteria audience's whole snapshot up to the horizon (an incident held
    for approval dispatches to it later)."""
    chosen = criteria_through(audience, through).subquery()
    db.session.execute(insert(Recipient).from_select(
        ["incident_id", "customer_id"], select(literal(incident_id), chosen.c.id)))


def add_to_snapshot(incident_id: int, customer_ids: list[int]) -> None:
    """One expansion chunk's customers into the snapshot (a re-run adds nothing twice)."""
    if not customer_ids:
        return
    if db.session.get_bind().dialect.name == "postgresql":
        source, ids = "unnest(CAST(:ids AS BIGINT[]))", "{" + ",".join(map(str, customer_ids)) + "}"
    else:
        source, ids = "value FROM json_each(:ids) WHERE true", json.dumps(customer_ids)
    db.session.execute(text(
        "INSERT INTO incident_recipients (incident_id, customer_id) "
        f"SELECT :incident_id, {source} ON CONFLICT DO NOTHING"),
        {"incident_id": incident_id, "ids": ids})


def locales_of_incident(incident: Incident) -> dict[str | None, int]:
    """Customers of an incident's audience by locale: as counted at intake, or (an
    incident from before that count was kept) from its snapshot."""
    if incident.audience_locales is not None:
        return {locale: int(n) for locale, n in incident.audience_locales.items()}
    return locales_of_snapshot(incident.id)


def locales_of_snapshot(incident_id: int) -> dict[str | None, int]:
    """Customers of an incident's audience snapshot by their locale."""
    rows = db.session.execute(
        select(Customer.locale, func.count()).join(Recipient, Recipient.customer_id == Customer.id)
        .where(Recipient.incident_id == incident_id).group_by(Customer.locale)).all()
    return {locale: int(n) for locale, n in rows}


def locales_of_audience(audience: Audience) -> dict[str | None, int]:
    """Live customers an audience matches now (previews, the console), by their locale
    (`audience_now`)."""
    return audience_now(audience)[0]
