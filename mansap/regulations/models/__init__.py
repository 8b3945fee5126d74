from mansap.regulations.models.documents import Agreement, CodePattern, Document, DocumentVersion, DownloadLog
from mansap.regulations.models.reviews import Review

__all__ = ["Agreement", "CodePattern", "Document", "DocumentVersion", "DownloadLog", "Review"]
