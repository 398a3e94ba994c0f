"""The case-study pages, by job: the template editor (``templates``), the list and overview,
scoping, writing, review and sign-off."""
