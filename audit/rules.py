"""Who may read the audit log: the programme manager and the coordinator."""

import rules

from accounts.rules import is_coordinator, is_programme_manager

rules.add_perm("audit.view_log", is_programme_manager | is_coordinator)
