"""Benchmark: the September peak of the service desk (#16): 5,000 study certificates issued in one run, as
`manage.py issue_document` issues each one (services.documents.issue_document: eligibility, the register's next
number, a verification code, the PDF with its QR code through WeasyPrint, the SHA-256, the stored file), against
rendering one bare WeasyPrint page of the same size (the certificate's own text, no template, no QR code, no
database) in the same process.

    .venv/bin/python bench/bench_servicedesk.py [--count 5000] [--db /tmp/mansap-bench-servicedesk.sqlite3]
                                                [--bare-repeat 20]

A throwaway SQLite database is migrated and given one program with --count studying students (bulk_create); the
files go to a temporary MEDIA_ROOT removed at the end. Prints the run's wall time, the time per document (mean,
median), the bare page's median, and their ratio, the figure bench/README.md records.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchlib import setup_django, sqlite_url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--db", default="/tmp/mansap-bench-servicedesk.sqlite3")
    parser.add_argument("--bare-repeat", type=int, default=20)
    args = parser.parse_args()

    Path(args.db).unlink(missing_ok=True)
    media = tempfile.mkdtemp(prefix="mansap-bench-media-")
    os.environ["MEDIA_ROOT"] = media
    setup_django(sqlite_url(args.db))
    try:
        run(args)
    finally:
        shutil.rmtree(media, ignore_errors=True)


def run(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s (not counted)")

    from mansap.core.models import Student
    from mansap.core.tests.factories import EducationalProgramFactory, StudentFactory
    from mansap.servicedesk.models import IssuedDocument, Service
    from mansap.servicedesk.services.documents import _template_names, document_context, issue_document

    program = EducationalProgramFactory()
    institution = program.department.faculty.institution
    Student.objects.bulk_create(StudentFactory.build_batch(args.count, program=program, institution=institution))
    students = list(Student.objects.filter(institution=institution).select_related("program", "institution"))
    service = Service.objects.get(institution=institution, code="study_certificate_gcvp")
    print(f"students: {len(students)}; database: {connection.vendor}")

    times: list[float] = []
    started = time.perf_counter()
    for number, student in enumerate(students, 1):
        one = time.perf_counter()
        issue_document(service, student, language=("kk", "ru", "en")[number % 3], acting_user=None)
        times.append(time.perf_counter() - one)
        if number % 500 == 0:
            print(f"  {number} issued, {statistics.mean(times) * 1000:.0f} ms each so far", flush=True)
    wall = time.perf_counter() - started
    assert IssuedDocument.objects.filter(institution=institution).count() == len(students)

    # The bare page: one certificate's visible text as plain paragraphs on an A4 page, nothing else.
    document = IssuedDocument.objects.filter(institution=institution, language="kk").first()
    assert document is not None
    with translation.override("kk"):
        html = render_to_string(_template_names(document.service, "kk"), document_context(document))
    body = re.sub(r"<style.*?</style>", "", html, flags=re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<img[^>]*>", "", body))).strip()
    bare = "<html><body>" + "".join(f"<p>{text[i : i + 400]}</p>" for i in range(0, len(text), 400)) + "</body></html>"
    HTML(string=bare).write_pdf()  # warm up
    bare_times = []
    for _ in range(args.bare_repeat):
        one = time.perf_counter()
        HTML(string=bare).write_pdf()
        bare_times.append(time.perf_counter() - one)
    bare_ms = statistics.median(bare_times) * 1000
    mean_ms, median_ms = statistics.mean(times) * 1000, statistics.median(times) * 1000
    print(f"issued {len(students)} certificates in {wall:.1f} s ({len(students) / wall:.1f} per second)")
    print(f"per document: mean {mean_ms:.0f} ms, median {median_ms:.0f} ms, slowest {max(times) * 1000:.0f} ms")
    print(f"bare WeasyPrint page ({len(text)} characters of text): median {bare_ms:.0f} ms")
    print(f"ratio per document / bare page: {median_ms / bare_ms:.2f} (median), {mean_ms / bare_ms:.2f} (mean)")


if __name__ == "__main__":
    main()
