"""What the audit log records about case studies (coordinators read these too)."""

from audit.actions import define

STATUS_CHANGED = define("casestudies.status_changed", "Case study status changed", shared=True)
SIGNED_OFF = define("casestudies.signed_off", "Case study signed off", shared=True)
INVITATION_ACCEPTED = define(
    "casestudies.invitation_accepted", "Invitation to write accepted", shared=True
)
# Only that they were saved or removed, never what they say (special category data).
COMMISSIONER_NEEDS_SAVED = define(
    "casestudies.commissioner_needs_saved", "Commissioner's access needs saved"
)
COMMISSIONER_NEEDS_REMOVED = define(
    "casestudies.commissioner_needs_removed", "Commissioner's access needs removed"
)
