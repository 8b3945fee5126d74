"""The configurable columns of form No. 10 (the export for AIS Platonus): the default layout and its changes.

The Career Center edits the layout (the view checks core.access.can_manage_rounds); each change is atomic
and attributed to the acting user in the columns' history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from mansap.common.history import attributed
from mansap.core.models import Institution
from mansap.graduates.models import Form10Column

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser

# The default layout: value key, header in Kazakh, Russian and English.
DEFAULT_COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("iin", "ЖСН", "ИИН", "IIN"),
    ("full_name", "Түлектің аты-жөні", "ФИО выпускника", "Graduate's full name"),
    ("program_code", "БББ коды", "Код ОП", "Program code"),
    ("program_name", "Білім беру бағдарламасы", "Образовательная программа", "Educational program"),
    ("study_form", "Оқу нысаны", "Форма обучения", "Study form"),
    ("study_language", "Оқыту тілі", "Язык обучения", "Language of instruction"),
    ("funding", "Қаржыландыру", "Финансирование", "Funding"),
    ("graduation_year", "Бітірген жылы", "Год выпуска", "Graduation year"),
    ("status", "Жұмыспен қамтылу мәртебесі", "Статус трудоустройства", "Employment status"),
    ("by_specialty", "Мамандығы бойынша (иә/жоқ)", "По специальности (да/нет)", "By specialty (yes/no)"),
    ("employer", "Жұмыс беруші", "Работодатель", "Employer"),
    ("employer_bin", "Жұмыс берушінің БСН", "БИН работодателя", "Employer's BIN"),
    ("position", "Лауазымы", "Должность", "Position"),
    ("region", "Өңір", "Регион", "Region"),
    ("started_on", "Жұмысқа орналасқан күні", "Дата трудоустройства", "Start date"),
    ("evidence", "Растайтын құжат (иә/жоқ)", "Подтверждающий документ (да/нет)", "Supporting document (yes/no)"),
    ("last_contact", "Соңғы байланыс күні", "Дата последнего контакта", "Last contact date"),
)


def default_columns(institution: Institution) -> list[Form10Column]:
    """The default layout as unsaved columns of the institution."""
    return [
        Form10Column(institution=institution, position=position, field=field, header_kk=kk, header_ru=ru, header_en=en)
        for position, (field, kk, ru, en) in enumerate(DEFAULT_COLUMNS, start=1)
    ]


def form10_layout(institution: Institution) -> list[Form10Column]:
    """The institution's layout as the export reads it: its columns, or the default ones unsaved when it has none.

    Reads only (one query): an export is a GET and writes nothing; the default layout is saved when the Career
    Center first opens the columns page (ensure_default_form10).
    """
    columns = list(Form10Column.objects.filter(institution=institution).order_by("position", "pk"))
    return columns or default_columns(institution)


def ensure_default_form10(institution: Institution) -> list[Form10Column]:
    """The institution's form No. 10 layout; the default one is created (atomically) when it has none.

    Called by the columns page, whose forms edit saved columns, so the default columns are nobody's
    change: no acting user. Only the creation is a transaction: reading the layout costs one query.
    """
    columns = list(Form10Column.objects.filter(institution=institution).order_by("position", "pk"))
    if columns:
        return columns
    with transaction.atomic():
        for column in default_columns(institution):
            column.save()
            columns.append(column)
    return columns


@transaction.atomic
def add_form10_column(
    institution: Institution,
    *,
    field: str,
    header_kk: str,
    header_ru: str,
    header_en: str,
    acting_user: MaybeUser,
) -> Form10Column:
    """A new last column of the institution's form No. 10."""
    last = Form10Column.objects.filter(institution=institution).order_by("-position").values_list("position", flat=True)
    column = Form10Column(
        institution=institution,
        position=(last.first() or 0) + 1,
        field=field,
        header_kk=header_kk,
        header_ru=header_ru,
        header_en=header_en,
    )
    column.full_clean()
    attributed(column, acting_user).save()
    return column


@transaction.atomic
def change_form10_column(
    column: Form10Column, *, field: str, header_kk: str, header_ru: str, header_en: str, acting_user: MaybeUser
) -> Form10Column:
    """Another value or other headers for a column (its position stays)."""
    column.field, column.header_kk, column.header_ru, column.header_en = field, header_kk, header_ru, header_en
    column.full_clean()
    attributed(column, acting_user).save()
    return column


@transaction.atomic
def remove_form10_column(column: Form10Column, *, acting_user: MaybeUser) -> None:
    """Remove a column; the ones after it move up."""
    institution = column.institution
    attributed(column, acting_user).delete()
    renumber(institution, acting_user=acting_user)


@transaction.atomic
def renumber(institution: Institution, *, acting_user: MaybeUser = None) -> None:
    """Positions 1, 2, 3... in the current order (after a column is removed or moved)."""
    for position, column in enumerate(Form10Column.objects.filter(institution=institution), start=1):
        if column.position != position:
            column.position = position
            attributed(column, acting_user).save(update_fields=["position"])


@transaction.atomic
def move_column(column: Form10Column, step: int, *, acting_user: MaybeUser = None) -> None:
    """Swap a column with its neighbour above (step -1) or below (+1)."""
    renumber(column.institution, acting_user=acting_user)
    columns = list(Form10Column.objects.filter(institution=column.institution))
    index = next(i for i, c in enumerate(columns) if c.pk == column.pk)
    other = index + step
    if 0 <= other < len(columns):
        a, b = columns[index], columns[other]
        a.position, b.position = b.position, a.position
        attributed(a, acting_user).save(update_fields=["position"])
        attributed(b, acting_user).save(update_fields=["position"])
