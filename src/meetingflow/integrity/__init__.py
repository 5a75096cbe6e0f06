"""Integrity: the digests and the event chain that make every change attributable and evident.

``verify_history(meeting)`` checks a record against its own history; ``head(meeting)`` is the
digest a host stores beside the record as its anchor. The canonical form is specified in
docs/reference/digest.md, the threat model in docs/explanation/integrity.md.
"""

from meetingflow.integrity.chain import append_event, head, is_verified, verify_history
from meetingflow.integrity.digests import digest_of, event_digest_of, state_digest_of

__all__ = [
    "append_event",
    "digest_of",
    "event_digest_of",
    "head",
    "is_verified",
    "state_digest_of",
    "verify_history",
]
