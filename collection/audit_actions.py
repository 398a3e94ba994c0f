"""What the audit log records about the published collection (coordinators read these too)."""

from audit.actions import define

EDITION_PUBLISHED = define("collection.edition_published", "Edition published", shared=True)
EMAILS_SENT = define("collection.emails_sent", "Edition sent to stakeholders", shared=True)
FORMAT_REQUESTED = define("collection.format_requested", "Another format asked for", shared=True)
FORMAT_REQUEST_UPDATED = define(
    "collection.format_request_updated", "Request for another format updated", shared=True
)
