"""The configurable columns of form No. 10 (the export for AIS Platonus)."""

from __future__ import annotations

from django.db import transaction

from mansap.core.models import Institution
from mansap.graduates.models import Form10Column

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


def ensure_default_form10(institution: Institution) -> list[Form10Column]:
    """The institution's form No. 10 layout; the default one is created when it has none."""
    columns = list(Form10Column.objects.filter(institution=institution).order_by("position", "pk"))
    if columns:
        return columns
    with transaction.atomic():
        for position, (field, kk, ru, en) in enumerate(DEFAULT_COLUMNS, start=1):
            column = Form10Column(
                institution=institution, position=position, field=field, header_kk=kk, header_ru=ru, header_en=en
            )
            column.save()
            columns.append(column)
    return columns


def renumber(institution: Institution) -> None:
    """Positions 1, 2, 3... in the current order (after a column is removed or moved)."""
    for position, column in enumerate(Form10Column.objects.filter(institution=institution), start=1):
        if column.position != position:
            column.position = position
            column.save(update_fields=["position"])


def move_column(column: Form10Column, step: int) -> None:
    """Swap a column with its neighbour above (step -1) or below (+1)."""
    renumber(column.institution)
    columns = list(Form10Column.objects.filter(institution=column.institution))
    index = next(i for i, c in enumerate(columns) if c.pk == column.pk)
    other = index + step
    if 0 <= other < len(columns):
        a, b = columns[index], columns[other]
        a.position, b.position = b.position, a.position
        a.save(update_fields=["position"])
        b.save(update_fields=["position"])
