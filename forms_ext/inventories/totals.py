"""Keeping the dashboards' summary (:class:`~forms_ext.models.InventoryTotal`) up to date.

A report's **figures** are what it adds to its period's dashboards: for each
number question the sum of its numbers (``(key, "")``), for each choice question
one per chosen option (``(key, code)``), computed from the report's typed
``Answer`` rows exactly as :mod:`.aggregates` read them before this table existed.
An archived submission adds nothing.

Whoever changes a report's answers (:func:`.reports.submit_report`,
:func:`.reports.record_correction`) or archives or restores its submission adds
the **difference** between the figures after and before to the rows of the
report's unit and of every ancestor of it, in the same transaction
(:func:`apply`: one ``INSERT ... ON CONFLICT DO UPDATE SET total = total +
excluded.total``, which PostgreSQL and SQLite both run atomically per row, rows
in one order so that two units of a district cannot deadlock). Two writes of one
report are serialised by the lock on its submission (or report) row.

:func:`rebuild_totals` recomputes the rows from the answers with ``GROUP BY``:
for reports made in bulk (the demo, the bench) and for repair
(``manage.py rebuild_inventory_totals``). A moved unit needs it too: the rows of
its old ancestors keep its figures.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Max

from ..models import (
    Answer,
    InventoryPage,
    InventoryReport,
    InventoryTotal,
    OrganisationUnit,
    SurveySubmission,
)

#: The figures of one report (or a difference of them): (key, code) -> Decimal.
Figures = Counter
#: The key and code of the row that counts reports.
REPORTS = ("", "")
BATCH = 500


@dataclass(frozen=True)
class Tracked:
    """The question keys the summary covers: number questions and choice questions."""

    numbers: frozenset[str]
    choices: frozenset[str]


def tracked_of(fields: Iterable[Any]) -> Tracked:
    """The number and choice questions among the survey fields ``fields``."""
    from .aggregates import CHOICE_TYPES, NUMBER_TYPES

    fields = list(fields)
    return Tracked(
        frozenset(f.clean_name for f in fields if f.field_type in NUMBER_TYPES),
        frozenset(f.clean_name for f in fields if f.field_type in CHOICE_TYPES),
    )


def tracked_for(inventory_key: uuid.UUID | str) -> Tracked:
    """The questions of the inventory in its original language (see ``reports.source_of``)."""
    page = InventoryPage.objects.filter(translation_key=inventory_key).order_by("pk").first()
    return tracked_of(page.get_form_fields()) if page else Tracked(frozenset(), frozenset())


def figures_of(rows: Iterable[tuple[str, str | None, Decimal | None]], tracked: Tracked) -> Figures:
    """The figures of answer rows given as (key, code, number)."""
    figures: Figures = Counter()
    for key, code, number in rows:
        if key in tracked.numbers and number is not None:
            figures[(key, "")] += Decimal(number)
        if key in tracked.choices and code is not None:
            figures[(key, code)] += 1
    return figures


def answers_figures(answers: Iterable[Answer], tracked: Tracked) -> Figures:
    """The figures of unsaved (or saved) ``Answer`` objects."""
    return figures_of(((a.key, a.code, a.number) for a in answers), tracked)


def stored_figures(submission: SurveySubmission, tracked: Tracked) -> Figures:
    """The figures of the submission's stored answers; none when it is archived."""
    if submission.archived_at is not None:
        return Counter()
    rows = Answer.objects.filter(
        submission_id=submission.pk, key__in=tracked.numbers | tracked.choices
    ).values_list("key", "code", "number")
    return figures_of(rows, tracked)


def report_figures(submission: SurveySubmission) -> Figures | None:
    """The figures of ``submission`` if it is a report (None if not): what a correction
    passes to :func:`.reports.record_correction` before rewriting the answers."""
    key = (
        InventoryReport.objects.filter(submission_id=submission.pk)
        .values_list("inventory_key", flat=True)
        .first()
    )
    return None if key is None else stored_figures(submission, tracked_for(key))


def difference(after: Figures, before: Figures) -> Figures:
    """``after`` minus ``before``, keys with no change left out."""
    keys = after.keys() | before.keys()
    return Counter({k: after.get(k, 0) - before.get(k, 0) for k in keys})


@dataclass
class Change:
    """What one report adds to (or takes from) its period's rows."""

    inventory_key: uuid.UUID
    period_id: int
    unit_path: str
    figures: Figures = field(default_factory=Counter)
    reports: int = 0


def change_of(
    report: InventoryReport, figures: Figures, reports: int = 0, unit: Any = None
) -> Change:
    """The change of ``report``'s rows (``unit``: the report's unit, if the caller has it)."""
    path = (unit or report.unit).path
    return Change(report.inventory_key, report.period_id, path, figures, reports)


def apply(changes: Iterable[Change]) -> None:
    """Add ``changes`` to the rows of each unit and its ancestors (one query for the nodes,
    one upsert per BATCH rows). Call inside the transaction that changed the answers."""
    changes = [c for c in changes if c.reports or any(c.figures.values())]
    if not changes:
        return
    prefixes = {p for c in changes for p in prefixes_of(c.unit_path)}
    node_ids = dict(OrganisationUnit.objects.filter(path__in=prefixes).values_list("path", "pk"))
    deltas: dict[tuple, list] = {}
    for c in changes:
        nodes = [node_ids[p] for p in prefixes_of(c.unit_path) if p in node_ids]
        items = [(k, v) for k, v in c.figures.items() if v]
        if c.reports:
            items.append((REPORTS, None))
        for node in nodes:
            for (key, code), value in items:
                row = deltas.setdefault((c.period_id, node, key, code, c.inventory_key), [0, 0])
                if value is None:
                    row[1] += c.reports
                else:
                    row[0] += value
    _upsert(sorted(deltas.items(), key=lambda item: item[0][:4]))


def prefixes_of(path: str) -> list[str]:
    steplen = OrganisationUnit.steplen
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _prep(model, name: str, value: Any) -> Any:
    return model._meta.get_field(name).get_db_prep_save(value, connection)


def _upsert(rows: list[tuple[tuple, list]]) -> None:
    table = _table(InventoryTotal)
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        params: list[Any] = []
        for (period_id, node_id, key, code, inventory_key), (total, reports) in batch:
            params += [
                _prep(InventoryTotal, "inventory_key", inventory_key),
                period_id,
                node_id,
                key,
                code,
                _prep(InventoryTotal, "total", Decimal(total)),
                reports,
            ]
        values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(batch))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} "  # noqa: S608 (names from the models, values as params)
                "(inventory_key, period_id, node_id, key, code, total, reports) "
                f"VALUES {values} ON CONFLICT (period_id, node_id, key, code) DO UPDATE SET "
                f"total = {table}.total + excluded.total, "
                f"reports = {table}.reports + excluded.reports",
                params,
            )


# Archiving and restoring


def before_archiving(submission_ids: Iterable[int], archive: bool) -> None:
    """Take the figures of the reports among ``submission_ids`` out of the summary
    (``archive``) or put them back (restore), for those whose state changes.

    Call inside the transaction that sets ``archived_at``, before setting it: it locks
    the submissions, so that a report's update waits for it.
    """
    flipping = list(
        SurveySubmission.objects.select_for_update()
        .filter(
            pk__in=list(submission_ids), archived_at__isnull=archive, inventory_report__isnull=False
        )
        .values_list("pk", flat=True)
    )
    if not flipping:
        return
    reports = list(
        InventoryReport.objects.filter(submission_id__in=flipping).select_related("unit")
    )
    tracked = {key: tracked_for(key) for key in {r.inventory_key for r in reports}}
    rows: dict[int, list] = {}
    for row in Answer.objects.filter(submission_id__in=flipping).values_list(
        "submission_id", "key", "code", "number"
    ):
        rows.setdefault(row[0], []).append(row[1:])
    sign = -1 if archive else 1
    changes = []
    for report in reports:
        figures = figures_of(rows.get(report.submission_id, []), tracked[report.inventory_key])
        signed = Counter({k: sign * v for k, v in figures.items()})
        changes.append(change_of(report, signed, sign))
    apply(changes)


# Rebuilding from the answers


def rebuild_totals(inventory: InventoryPage, periods: Iterable[Any] | None = None) -> int:
    """Recompute the summary of ``inventory`` (of ``periods`` only, when given) from the
    answers of its reports; the number of rows written.

    The rows of each reporting unit come from one ``GROUP BY`` over the answers; those
    of each level of ancestors from the rows below them, one level at a time from the
    top (a level's rows are read before anything is added to the levels below it).
    """
    key = inventory.translation_key
    period_ids = None if periods is None else [getattr(p, "pk", p) for p in periods]
    tracked = tracked_for(key)
    with transaction.atomic():
        if period_ids == []:
            return 0
        # In SQL: QuerySet.delete() would load every row when any delete signal receiver
        # (Wagtail's) is connected for all models.
        periods_sql, periods = _in("period_id", period_ids)
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {_table(InventoryTotal)} WHERE inventory_key = %s{periods_sql}",  # noqa: S608
                [_prep(InventoryTotal, "inventory_key", key), *periods],
            )
        _insert_own(key, period_ids, tracked)
        deepest = OrganisationUnit.objects.aggregate(deepest=Max("depth"))["deepest"] or 1
        for depth in range(1, deepest):
            _insert_ancestors(key, period_ids, depth)
        rows = InventoryTotal.objects.filter(inventory_key=key)
        if period_ids is not None:
            rows = rows.filter(period_id__in=period_ids)
        return rows.count()


def _in(column: str, values: list | None) -> tuple[str, list]:
    if values is None:
        return "", []
    return f" AND {column} IN ({', '.join(['%s'] * len(values))})", list(values)


def _insert_own(key: uuid.UUID, period_ids: list[int] | None, tracked: Tracked) -> None:
    """The rows of each reporting unit itself, from its reports' answers."""
    t, a = _table(InventoryTotal), _table(Answer)
    r, s = _table(InventoryReport), _table(SurveySubmission)
    prepared = _prep(InventoryTotal, "inventory_key", key)
    periods_sql, periods = _in("r.period_id", period_ids)
    joined = (
        f"FROM {a} a JOIN {r} r ON r.submission_id = a.submission_id "
        f"JOIN {s} s ON s.id = r.submission_id "
        f"WHERE r.inventory_key = %s AND s.archived_at IS NULL{periods_sql}"
    )
    group = "GROUP BY r.inventory_key, r.period_id, r.unit_id"
    # Names come from the models and values go as parameters.
    parts = [
        "SELECT r.inventory_key, r.period_id, r.unit_id, '', '', 0, COUNT(*) "  # noqa: S608
        f"FROM {r} r JOIN {s} s ON s.id = r.submission_id "
        f"WHERE r.inventory_key = %s AND s.archived_at IS NULL{periods_sql} {group}"
    ]
    params: list[Any] = [prepared, *periods]
    if tracked.numbers:
        keys_sql, keys = _in("a.key", sorted(tracked.numbers))
        parts.append(
            "SELECT r.inventory_key, r.period_id, r.unit_id, a.key, '', SUM(a.number), 0 "
            f"{joined} AND a.number IS NOT NULL{keys_sql} {group}, a.key"
        )
        params += [prepared, *periods, *keys]
    if tracked.choices:
        keys_sql, keys = _in("a.key", sorted(tracked.choices))
        parts.append(
            "SELECT r.inventory_key, r.period_id, r.unit_id, a.key, a.code, COUNT(*), 0 "
            f"{joined} AND a.code IS NOT NULL{keys_sql} {group}, a.key, a.code"
        )
        params += [prepared, *periods, *keys]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {t} (inventory_key, period_id, node_id, key, code, total, reports) "
            + " UNION ALL ".join(parts),
            params,
        )


def _insert_ancestors(key: uuid.UUID, period_ids: list[int] | None, depth: int) -> None:
    """Add the rows of the units below ``depth`` to their ancestor at ``depth``."""
    t, u = _table(InventoryTotal), _table(OrganisationUnit)
    periods_sql, periods = _in("t.period_id", period_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {t} (inventory_key, period_id, node_id, key, code, total, reports) "  # noqa: S608
            "SELECT t.inventory_key, t.period_id, anc.id, t.key, t.code, SUM(t.total), "
            f"SUM(t.reports) FROM {t} t JOIN {u} n ON n.id = t.node_id "
            f"JOIN {u} anc ON anc.path = SUBSTR(n.path, 1, %s) "
            f"WHERE t.inventory_key = %s AND n.depth > %s{periods_sql} "
            "GROUP BY t.inventory_key, t.period_id, anc.id, t.key, t.code "
            "ON CONFLICT (period_id, node_id, key, code) DO UPDATE SET "
            f"total = {t}.total + excluded.total, reports = {t}.reports + excluded.reports",
            [
                OrganisationUnit.steplen * depth,
                _prep(InventoryTotal, "inventory_key", key),
                depth,
                *periods,
            ],
        )
