"""The pages of expressions of interest, by audience: the applicant's (``apply``), the
assessor's (``assess``) and the programme manager's (``manage``)."""
