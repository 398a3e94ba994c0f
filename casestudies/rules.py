"""Who may do what with case-study templates: the one place these rules live."""

import rules

from accounts.rules import is_coordinator

rules.add_perm("casestudies.edit_templates", is_coordinator)
