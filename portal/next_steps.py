"""One line of a home page's "what to do next": what, how many, by when and where.

Each app's ``home_panels.py`` builds its people's lists of these from its own queries;
``templates/includes/next_steps.html`` shows them as a GOV.UK task list, the count in words.
"""

from dataclasses import dataclass

from django.utils import timezone


@dataclass
class NextStep:
    label: str
    url: str
    hint: str = ""
    count: int = 0
    due: object = None  # a datetime, when there is a date to do it by

    @property
    def outstanding(self):
        return self.count > 0

    @property
    def overdue(self):
        """Outstanding after the moment it was due by: the page says so in words."""
        return self.outstanding and self.due is not None and self.due <= timezone.now()


def plural(count, one, many=None):
    """``plural(3, "case study", "case studies")`` is "3 case studies"."""
    return f"{count} {one if count == 1 else (many or one + 's')}"
