"""The old home of the supporting-document rule (PDF, JPG or PNG up to 5 MB), now mansap.common.uploads.

Nothing in graduates imports this module any more. The names are the very objects of common.uploads, so
the migrations of employers and practice that name `mansap.graduates.evidence.validate_evidence` load the
same function and need no new migration.
"""

# kept for employers and practice until the lead removes it
from mansap.common.uploads import (
    EVIDENCE_MAX_BYTES,
    SIGNATURES,
    read_head,
    sniff_content_type,
    validate_evidence,
)

__all__ = ["EVIDENCE_MAX_BYTES", "SIGNATURES", "read_head", "sniff_content_type", "validate_evidence"]
