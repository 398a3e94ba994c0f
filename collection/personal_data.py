"""What the personal-data download holds from the collection: the person's requests for other
formats (the published collection itself holds organisations' work, not personal data)."""

from .format_requests import sections  # noqa: F401  (found by pages.your_data)
