"""Real SMTP servers on 127.0.0.1: one running, and one that is down until started."""

from tests.collection.smtp import smtp_down, smtp_server  # noqa: F401 - fixtures
