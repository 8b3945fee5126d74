"""Writes a practice `Document` as PDF with WeasyPrint from one HTML template (A4, Noto Sans/DejaVu Sans,
so the Kazakh letters әғқңөұүһі render)."""

from __future__ import annotations

from django.template.loader import render_to_string

from mansap.practice.reports.documents.structure import Document

TEMPLATE = "practice/docs/document.html"


def html(document: Document) -> str:
    return render_to_string(TEMPLATE, {"document": document})


def write_pdf(document: Document) -> bytes:
    from weasyprint import HTML

    return HTML(string=html(document)).write_pdf()
