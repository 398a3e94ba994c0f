from django.apps import AppConfig


class CasestudiesConfig(AppConfig):
    """Case-study templates and sections, case studies, review, history and sign-off."""

    name = "casestudies"
    verbose_name = "Case studies"
