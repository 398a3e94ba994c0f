"""The portal's roles. Each is a Django group, created by a data migration.

A person may hold more than one role (a programme manager is often an assessor too); what they
may do is decided by the predicates in ``accounts.rules`` and each app's own ``rules.py``.
"""

APPLICANT = "Applicant"
ASSESSOR = "Assessor"
PROGRAMME_MANAGER = "Programme manager"
COORDINATOR = "Coordinator"
AUTHOR = "Author"

ALL_ROLES = (APPLICANT, ASSESSOR, PROGRAMME_MANAGER, COORDINATOR, AUTHOR)

DESCRIPTIONS = {
    APPLICANT: "Drafts and submits expressions of interest for a DPULO.",
    ASSESSOR: "Scores expressions of interest against the criteria.",
    PROGRAMME_MANAGER: "Runs calls, assigns assessors and records decisions.",
    COORDINATOR: "Steers the case studies and publishes the collection.",
    AUTHOR: "Writes their own organisation's case study.",
}
