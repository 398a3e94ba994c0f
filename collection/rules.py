"""Who may do what with editions: the one place these rules live. Reading the published
collection needs no rule at all: it is public."""

import rules

from accounts.rules import is_coordinator, is_programme_manager

rules.add_perm("collection.manage_editions", is_coordinator)

rules.add_perm("collection.manage_stakeholders", is_coordinator | is_programme_manager)

rules.add_perm("collection.answer_format_requests", is_coordinator | is_programme_manager)
