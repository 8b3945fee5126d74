"""Official extracts through a real browser (#20): the Career Center uploads a labour-contract extract, corrects the
guessed column mapping on its preview, checks and confirms it, and sees its rows; the screenshots test (marked
`screenshots`) photographs the pages in kk, ru and en at 1366 px."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import shoot_pages, shots_dir

pytestmark = pytest.mark.browser


def _csv(graduates: list[Any]) -> bytes:
    from mansap.common.identifiers import make_bin, make_iin

    employer = make_bin(2010, 5, "4", "0", 4242)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["ЖСН", "Жұмыс берушінің БСН", "Ұйым атауы", "Лауазымы", "Басталған күні", "Аяқталған күні"])
    for n, graduate in enumerate(graduates):
        iin = graduate.iin[1:] if graduate.iin.startswith("0") else graduate.iin
        writer.writerow([iin, employer, "ТОО «Альфа»", "инженер", f"0{n + 1}.09.2025", ""])
    writer.writerow(
        [make_iin(dt.date(1999, 1, 1), "M", 123), employer, "ТОО «Альфа»", "бухгалтер", "01.10.2025", "31.12.2025"]
    )
    return out.getvalue().encode("utf-8")


def _graduates(students: list[Any]) -> list[Any]:
    return [s for s in students if s.graduation_date is not None]


def test_upload_map_confirm_and_see_rows(
    page: Page, staff_user: Any, login: Any, students: list[Any], org: dict[str, Any]
) -> None:
    from mansap.graduates.models import OfficialContract, OfficialExtract

    graduates = _graduates(students)
    login(staff_user("cc"))
    page.goto("/employment/extracts/")
    expect(page.locator("h1")).to_have_text("Official extracts")
    with page.expect_navigation():
        page.locator("#extract-upload").click()
    form = page.locator("#extract-upload-form")
    form.locator("input[type=file]").set_input_files(
        {"name": "esutd-2025.csv", "mimeType": "text/csv", "buffer": _csv(graduates)}
    )
    form.locator("select[name=kind]").select_option("contracts")
    form.locator("input[name=source]").fill("ЕСУТД, Enbek.kz")
    form.locator("input[name=period_start]").fill("2025-07-01")
    form.locator("input[name=period_end]").fill("2025-12-31")
    form.locator("input[name=consent_basis]").fill("Согласия при выдаче дипломов")
    form.get_by_label("2025").check()
    with page.expect_navigation():
        form.get_by_role("button", name="Upload and map the columns").click()

    # The mapping step: the employer's name ("Ұйым атауы") is no alias; the user picks it and sees the preview.
    mapping = page.locator("#extract-mapping")
    expect(mapping.locator("select[name=map_iin]")).to_have_value("ЖСН")
    expect(mapping.locator("select[name=map_employer_name]")).to_have_value("")
    mapping.locator("select[name=map_employer_name]").select_option("Ұйым атауы")
    with page.expect_navigation():
        mapping.get_by_role("button", name="Show the preview again").click()
    expect(page.locator("#mapping-preview tbody tr").first).to_contain_text("ТОО «Альфа»")
    page.locator("input[name=profile_name]").fill("ESUTD 2025")
    with page.expect_navigation():
        page.get_by_role("button", name="Check the whole file").click()

    expect(page.locator("#extract-job-status")).to_have_attribute("data-status", "valid")
    expect(page.get_by_text("unknown_graduate").first).to_be_visible()
    with page.expect_navigation():
        page.locator("#extract-confirm").click()
    expect(page.locator(".alert-success")).to_contain_text("Imported: 5 rows.")
    with page.expect_navigation():
        page.locator("#extract-open").click()
    rows = page.locator("#extract-rows tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.first).to_contain_text(graduates[0].iin)
    expect(rows.last).to_contain_text("unknown")
    extract = OfficialExtract.objects.get()
    assert (extract.row_count, extract.profile.name) == (5, "ESUTD 2025")
    assert OfficialContract.objects.filter(graduate__isnull=False).count() == 4


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_extracts_screenshots(
    language: str, page: Page, live_url: str, staff_user: Any, login: Any, students: list[Any], org: dict[str, Any]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mansap.graduates.services import extracts

    graduates = _graduates(students)
    cc = staff_user("cc")
    data = _csv(graduates)
    _report, extract = extracts.run_extract(
        io.BytesIO(data),
        "esutd-2025.csv",
        institution=org["institution"],
        acting_user=cc,
        dry_run=False,
        params=extracts.ExtractParams(
            kind="contracts",
            cohorts=[2025],
            source="ЕСУТД (Enbek.kz)",
            period_start=dt.date(2025, 7, 1),
            period_end=dt.date(2025, 12, 31),
            consent_basis="Согласия при выдаче дипломов",
        ),
    )
    upload = extracts.start_upload(
        SimpleUploadedFile("enpf-2025.csv", data.replace(b"\xd0\x96\xd0\xa1\xd0\x9d", b"IIN"), "text/csv"),
        institution=org["institution"],
        acting_user=cc,
        kind="contracts",
        source="ЕСУТД",
        period_start=dt.date(2025, 7, 1),
        period_end=dt.date(2025, 12, 31),
        consent_basis="Согласия",
        cohorts=[2025],
    )
    login(cc)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    pages = {
        "list": "/employment/extracts/",
        "upload": "/employment/extracts/upload/",
        "mapping": f"/employment/extracts/uploads/{upload.pk}/mapping/",
        "detail": f"/employment/extracts/{extract.pk}/",
        "graduate": f"/employment/graduates/{graduates[0].pk}/",
    }
    problems = shoot_pages(page, pages, shots_dir("extracts"), language)
    assert problems == []
