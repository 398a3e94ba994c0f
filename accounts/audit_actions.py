"""What the audit log records about accounts, sign-in and two-factor sign-in."""

from audit.actions import define

SIGNED_IN = define("accounts.signed_in", "Signed in")
SIGN_IN_FAILED = define("accounts.sign_in_failed", "Sign-in failed")
SIGNED_OUT = define("accounts.signed_out", "Signed out")
ACCOUNT_CLOSED = define("accounts.closed", "Account closed")
TWO_FACTOR_ON = define("accounts.two_factor_on", "Two-factor sign-in turned on")
TWO_FACTOR_MOVED = define("accounts.two_factor_moved", "Two-factor sign-in moved to a new app")
TWO_FACTOR_REMOVED = define("accounts.two_factor_removed", "Authenticator app removed")
RECOVERY_CODES_MADE = define("accounts.recovery_codes_made", "Recovery codes made")
RECOVERY_CODE_USED = define("accounts.recovery_code_used", "Recovery code used")
ROLES_CHANGED = define("accounts.roles_changed", "Roles changed")
MEMBERSHIP_ADDED = define("accounts.membership_added", "Added to an organisation")
MEMBERSHIP_REMOVED = define("accounts.membership_removed", "Removed from an organisation")
AUTHENTICATOR_REMOVED_FOR = define(
    "accounts.authenticator_removed_for", "Authenticator removed by the programme team"
)
ORGANISATION_ADDED = define("accounts.organisation_added", "Organisation added")
ORGANISATION_CHANGED = define("accounts.organisation_changed", "Organisation changed")
ACCESS_NEEDS_SAVED = define("accounts.access_needs_saved", "Access needs saved")
ACCESS_NEEDS_REMOVED = define("accounts.access_needs_removed", "Access needs removed")
