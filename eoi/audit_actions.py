"""What the audit log records about expressions of interest, assessment and decisions."""

from audit.actions import define

SUBMITTED = define("eoi.submitted", "Expression of interest submitted")
WITHDRAWN = define("eoi.withdrawn", "Expression of interest withdrawn")
ASSESSMENT_SUBMITTED = define("eoi.assessment_submitted", "Assessment submitted")
ASSESSMENT_REOPENED = define("eoi.assessment_reopened", "Assessment reopened")
SCORE_MODERATED = define("eoi.score_moderated", "Score moderated")
DECISION_RECORDED = define("eoi.decision_recorded", "Decision recorded")
LETTERS_SENT = define("eoi.letters_sent", "Outcome letters sent")
ADJUSTMENT_ASKED = define("eoi.adjustment_asked", "Adjustment asked for")
ADJUSTMENT_ANSWERED = define("eoi.adjustment_answered", "Adjustment answered")
ASSISTED_STARTED = define("eoi.assisted_started", "Completed with the programme's help")
ASSISTED_SENT_TO_CONFIRM = define("eoi.assisted_sent", "Sent to the contact to confirm")
ASSISTED_CONFIRMED = define("eoi.assisted_confirmed", "Confirmed by the organisation's contact")
