from mansap.regulations.models.documents import Agreement, CodePattern, Document, DocumentVersion, DownloadLog
from mansap.regulations.models.familiarization import Acknowledgement, Assignment
from mansap.regulations.models.reviews import Review
from mansap.regulations.models.templates import DocumentTemplate, TemplateText

__all__ = [
    "Acknowledgement",
    "Agreement",
    "Assignment",
    "CodePattern",
    "Document",
    "DocumentTemplate",
    "DocumentVersion",
    "DownloadLog",
    "Review",
    "TemplateText",
]
