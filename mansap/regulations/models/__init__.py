from mansap.regulations.models.changes import ChangeRecord
from mansap.regulations.models.distribution import WorkingCopy
from mansap.regulations.models.documents import Agreement, CodePattern, Document, DocumentVersion, DownloadLog
from mansap.regulations.models.familiarization import Acknowledgement, Assignment
from mansap.regulations.models.reminders import DocumentReminder
from mansap.regulations.models.reviews import Review
from mansap.regulations.models.templates import DocumentTemplate, TemplateText

__all__ = [
    "Acknowledgement",
    "Agreement",
    "Assignment",
    "ChangeRecord",
    "CodePattern",
    "Document",
    "DocumentReminder",
    "DocumentTemplate",
    "DocumentVersion",
    "DownloadLog",
    "Review",
    "TemplateText",
    "WorkingCopy",
]
