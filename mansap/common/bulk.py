"""Bulk INSERTs written once per batch, for imports of tens of thousands of rows (#19).

Django's `bulk_create` compiles every value of every row through the SQL compiler (`prepare_value`, one
placeholder each): for the graduates import that was 8 of its 10 seconds of writing, with the database idle.
`insert_objects` writes the same rows with one statement per batch whose values are converted once per column
type: text, integers, booleans and foreign keys as they are, every other type (dates, datetimes, decimals, JSON)
through the field's own `get_db_prep_save`, as Django would. Auto-increment keys come back with RETURNING on
SQLite (3.35+) and PostgreSQL alike and are set on the objects, as `bulk_create` does.

Like `bulk_create`, auto_now and auto_now_add fields take the time of the write, and a row that carries its
parent's institution (common.partitioning, #18) takes it when it has none. What it does not do, so
callers must not need it: other fields' `pre_save`, signals, conflict handling, multi-table inheritance.

`create_with_history` is simple_history's `bulk_create_with_history` on top of it: the objects, then one "+" row
each in their historical table (the same columns simple_history writes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import attrgetter, itemgetter
from typing import Any

from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone

from mansap.common.partitioning import fill_institution

# Column types whose Python values (str, int, bool) the database drivers take as they are.
_PLAIN_TYPES = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "EmailField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallAutoField",
        "SmallIntegerField",
        "TextField",
        "URLField",
    }
)
_PLAIN_VALUES = (str, int, bool)
# Text column types: any str (a choices enum's member too) is what get_db_prep_save returns for it, unchanged.
_TEXT_TYPES = frozenset({"CharField", "EmailField", "SlugField", "TextField", "URLField"})
# Parameters a statement: SQLite's limit is 32,766 since 3.32 and PostgreSQL's 65,535.
_MAX_PARAMETERS = 30_000
_MAX_ROWS = 1_000


def _converter(field: models.Field, connection: Any) -> Callable[[Any], Any]:
    prepare = field.get_db_prep_save
    kind = field.get_internal_type()
    if kind in _TEXT_TYPES:  # a choices member (str's subclass) as well: an import's 4 a row (#19)
        return lambda value: value if value is None or isinstance(value, str) else prepare(value, connection)
    if kind in _PLAIN_TYPES:
        return lambda value: value if value is None or type(value) in _PLAIN_VALUES else prepare(value, connection)
    # Dates and aware datetimes go straight to the backend's adapter: for exactly these types the field's
    # get_prep_value returns them unchanged, so this is what get_db_prep_save does, without its layers (an
    # import's 60,000 dates and timestamps spent 2.4 s there). Anything else (a naive datetime, a string)
    # takes the field's own way, warnings included.
    if kind == "DateField":
        adapt_date = connection.ops.adapt_datefield_value
        return lambda value: (
            None if value is None else adapt_date(value) if type(value) is dt.date else prepare(value, connection)
        )
    # The import's rows share one timestamp (insert_objects stamps them once): the last datetime object converted
    # is remembered with what it became (the very same object only: equal aware datetimes may differ in zone).
    if kind == "DateTimeField" and settings.USE_TZ:
        adapt_datetime = connection.ops.adapt_datetimefield_value
        last: list[Any] = [None, None]  # the last datetime object converted, and what it became

        def convert_datetime(value: Any) -> Any:
            if value is None:
                return None
            if type(value) is not dt.datetime or value.tzinfo is None:
                return prepare(value, connection)
            if value is not last[0]:
                last[:] = value, adapt_datetime(value)
            return last[1]

        return convert_datetime
    return lambda value: None if value is None else prepare(value, connection)


def _passing(field: models.Field) -> frozenset[type]:
    """The value types _converter returns unchanged for this column (None for all; str, int and bool for the plain
    ones), which converted_rows then passes without a call."""
    if field.get_internal_type() in _PLAIN_TYPES:
        return frozenset({type(None), *_PLAIN_VALUES})
    return frozenset({type(None)})


def converted_rows(
    model: type[models.Model], fields: Sequence[models.Field], rows: Iterable[Sequence[Any]]
) -> Iterator[list[Any]]:
    """The rows' values as insert_rows converts them for the model's database (for `converted=True`).

    A value of a type its column passes as it is (`_passing`) is not handed to the converter, which would return
    it unchanged: a function call saved for most of an import's values (#19)."""
    connection = connections[router.db_for_write(model)]
    plan = [(_passing(field), _converter(field, connection)) for field in fields]
    width = len(plan)
    for row in rows:
        if len(row) != width:
            raise ValueError(f"{len(row)} values for {width} columns")
        yield [
            value if value.__class__ in passing else convert(value)
            for value, (passing, convert) in zip(row, plan)  # noqa: B905  # the lengths are checked above
        ]


def insert_rows(
    model: type[models.Model],
    fields: Sequence[models.Field],
    rows: Iterable[Sequence[Any]],
    *,
    returning: bool = False,
    converted: bool = False,
) -> list[Any]:
    """INSERT the rows (values in the order of `fields`) into the model's table; the new primary keys, in the
    rows' order, when `returning`. `converted`: the rows come from converted_rows (not converted again)."""
    using = router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    if not converted:
        rows = converted_rows(model, fields, rows)
    columns = ", ".join(quote(str(field.column)) for field in fields)
    pk = model._meta.pk
    suffix = f" RETURNING {quote(str(pk.column))}" if returning and pk is not None else ""
    batch = max(1, min(_MAX_ROWS, _MAX_PARAMETERS // max(1, len(fields))))
    keys: list[Any] = []
    pending: list[Any] = []
    count = 0
    direct = _direct_sqlite(connection)
    marker = "?" if direct else "%s"
    placeholder = "(" + ", ".join([marker] * len(fields)) + ")"
    statements: dict[int, str] = {}  # rows -> the statement (every full batch's is the same)

    def flush(cursor: Any) -> None:
        nonlocal pending, count
        if not count:
            return
        sql = statements.get(count)
        if sql is None:
            values = ", ".join([placeholder] * count)
            # Only quoted names and placeholders are formatted in; every value is a parameter.
            sql = statements[count] = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {values}{suffix}"  # noqa: S608
        if direct:
            _execute_sqlite(connection, cursor, sql, pending)
        else:
            cursor.execute(sql, pending)
        if returning:
            keys.extend(row[0] for row in cursor.fetchall())
        pending, count = [], 0

    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        for row in rows:
            if len(row) != len(fields):
                raise ValueError(f"{len(row)} values for {len(fields)} columns")
            pending.extend(row)
            count += 1
            if count == batch:
                flush(cursor)
        flush(cursor)
    return keys


def _direct_sqlite(connection: Any) -> bool:
    """Whether insert_rows hands its statements to SQLite's own cursor, with ? placeholders: Django's SQLite cursor
    rewrites every %s of a statement into ? with a regular expression (#19: 2 ms for each of an import's statements
    of 30,000 parameters, a tenth of a second every 10,000 students). Not when the queries are being logged or
    wrapped (DEBUG, the tests' query counts, an execute_wrapper): those see every statement Django's way."""
    return connection.vendor == "sqlite" and not connection.queries_logged and not connection.execute_wrappers


def _execute_sqlite(connection: Any, cursor: Any, sql: str, params: list[Any]) -> None:
    """CursorWrapper.execute's work (a broken transaction refused, the driver's errors as Django's), on the
    driver's cursor under Django's, whose execute is sqlite3's before the rewrite."""
    import sqlite3

    connection.validate_no_broken_transaction()
    with connection.wrap_database_errors:
        sqlite3.Cursor.execute(cursor.cursor, sql, params)


def insert_objects(objs: Sequence[models.Model], model: type[models.Model], *, keep: list[Any] | None = None) -> None:
    """INSERT new objects of `model` (auto primary key unset), setting their primary keys and saved state.
    `keep`: receives each object's converted values, in the order of `object_fields(model)`."""
    if not objs:
        return
    if hasattr(model, "institution_from"):  # a row that carries its parent's institution (#18), as save() fills it
        fill_institution(model, objs)
    fields = object_fields(model)
    # auto_now / auto_now_add fields take the time of the write, as bulk_create's pre_save gives them: one time for
    # the whole write, taken by the field's pre_save on the first object and set on the others (#19: a timestamp a
    # row meant 2 × 50,000 clock readings and conversions for an import).
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            stamp = f.pre_save(objs[0], True)
            for obj in objs:
                setattr(obj, f.attname, stamp)
    read = attrgetter(*(f.attname for f in fields))  # one call an object, not one a field (#19)
    one = len(fields) == 1
    rows = converted_rows(model, fields, ([read(obj)] if one else read(obj) for obj in objs))
    if keep is not None:
        rows = _keeping(rows, keep)
    keys = insert_rows(model, fields, rows, returning=True, converted=True)
    using = router.db_for_write(model)
    for obj, key in zip(objs, keys, strict=True):
        obj.pk = key
        obj._state.adding, obj._state.db = False, using


def object_fields(model: type[models.Model]) -> list[models.Field]:
    """The columns insert_objects writes: the model's own, but its primary key."""
    pk = model._meta.pk
    return [f for f in model._meta.local_concrete_fields if f is not pk]


def _keeping(rows: Iterable[list[Any]], kept: list[Any]) -> Iterator[list[Any]]:
    for row in rows:
        kept.append(row)
        yield row


def create_with_history(objs: Sequence[models.Model], model: type[models.Model], *, user: Any = None) -> None:
    """insert_objects, then each object's "+" history row (simple_history's columns: the tracked fields, date,
    change reason, type and user), as simple_history's bulk_create_with_history writes them."""
    with transaction.atomic(using=router.db_for_write(model), savepoint=False):
        written: list[list[Any]] = []  # the objects' values as converted once: their history rows reuse them
        insert_objects(objs, model, keep=written)
        if not objs or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        history = model.history.model  # type: ignore[attr-defined]
        own = {f.attname: f for f in history._meta.local_concrete_fields}
        tracked = [f.attname for f in history.tracked_fields]
        extra = ("history_date", "history_change_reason", "history_type", "history_user_id")
        unknown = set(own) - set(tracked) - set(extra) - {history._meta.pk.attname}
        if unknown:  # a column this writer would leave empty: refuse rather than write rows simple_history would not
            raise ValueError(f"{history.__name__} has columns create_with_history does not fill: {sorted(unknown)}")
        fields = [own[name] for name in (*tracked, *extra)]
        now, user_id = timezone.now(), getattr(user, "pk", None)
        tail = next(converted_rows(history, fields[len(tracked) :], [(now, None, "+", user_id)]))
        column = {f.attname: index for index, f in enumerate(object_fields(model))}
        reused = [column.get(name) for name in tracked]  # None: not an insert column (the primary key)
        # A tracked column not among the written ones is converted here, as insert_rows would.
        connection = connections[router.db_for_write(history)]
        convert = [
            None if index is not None else _converter(f, connection)
            for f, index in zip(fields[: len(tracked)], reused, strict=True)
        ]
        rows: Iterable[list[Any]]
        if reused[0] is None and None not in reused[1:] and len(reused) > 2:
            # The usual layout: the primary key, then written columns: those picked at once (#19: a history row's
            # values were one Python step a column, 35 a student).
            pick, first, key = itemgetter(*reused[1:]), convert[0], tracked[0]
            rows = ([first(getattr(obj, key)), *pick(row), *tail] for obj, row in zip(objs, written, strict=True))  # type: ignore[misc]
        else:
            rows = (
                [
                    row[index] if index is not None else conv(getattr(obj, name))  # type: ignore[misc]
                    for name, index, conv in zip(tracked, reused, convert, strict=True)
                ]
                + tail
                for obj, row in zip(objs, written, strict=True)
            )
        insert_rows(history, fields, rows, converted=True)
