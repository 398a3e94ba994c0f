"""What the personal-data download holds from the outbox."""

from portal.dates import iso

from .rules import mine


def sections(user):
    return {
        # Every email sent to them, as sent (any link still waiting to go is hidden).
        "emails": [
            {
                "kind": m.get_kind_display(),
                "to": m.to_email,
                "subject": m.subject,
                "status": m.get_status_display(),
                "queued_at": iso(m.queued_at),
                "sent_at": iso(m.sent_at),
                "body": m.shown_body(),
                "attachments": [a.filename for a in m.attachments.all()],
            }
            for m in mine(user).order_by("queued_at").prefetch_related("attachments")[:5000]
        ],
    }
