"""People and the organisations they act for."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin, TimestampMixin


class UserManager(BaseUserManager):
    """Users sign in with their email address, matched without regard to case."""

    use_in_migrations = True

    def normalize_email(self, email):
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email__iexact=(username or "").strip())

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", max_length=254, unique=True)
    full_name = models.CharField("full name", max_length=200)
    is_staff = models.BooleanField(
        "staff status",
        default=False,
        help_text="Can sign in to the administration screens.",
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    def save(self, *args, **kwargs):
        self.email = type(self).objects.normalize_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def role_names(self):
        """The names of the roles this person holds, in the portal's order."""
        from .roles import ALL_ROLES

        held = {group.name for group in self.groups.all()}
        return [role for role in ALL_ROLES if role in held]

    def has_role(self, role):
        return role in self.role_names


class Organisation(models.Model):
    class Kind(models.TextChoices):
        DPULO = "dpulo", "Disabled People's User-Led Organisation (DPULO)"
        COMMISSIONER = "commissioner", "Commissioner (for example a local authority or health body)"
        PROGRAMME_TEAM = "programme_team", "Programme team"
        OTHER = "other", "Other organisation"

    class Region(models.TextChoices):
        NORTH_EAST = "north_east", "North East"
        NORTH_WEST = "north_west", "North West"
        YORKSHIRE = "yorkshire_humber", "Yorkshire and the Humber"
        EAST_MIDLANDS = "east_midlands", "East Midlands"
        WEST_MIDLANDS = "west_midlands", "West Midlands"
        EAST = "east_of_england", "East of England"
        LONDON = "london", "London"
        SOUTH_EAST = "south_east", "South East"
        SOUTH_WEST = "south_west", "South West"
        SCOTLAND = "scotland", "Scotland"
        WALES = "wales", "Wales"
        NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"
        UK_WIDE = "uk_wide", "Across the UK"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DPULO)
    run_by_disabled_people = models.BooleanField(
        "run by and for disabled people",
        default=False,
        help_text="The organisation has declared that it is run by and for disabled people.",
    )
    region = models.CharField(max_length=20, choices=Region.choices)
    website = models.URLField(blank=True)
    charity_number = models.CharField("registered charity number", max_length=20, blank=True)
    company_number = models.CharField("company number", max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    members = models.ManyToManyField(User, through="Membership", related_name="organisations")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="accounts_organisation_name_ci_unique"),
            models.CheckConstraint(
                condition=~models.Q(kind="dpulo") | models.Q(run_by_disabled_people=True),
                name="accounts_dpulo_is_run_by_disabled_people",
                violation_error_message="A DPULO must be run by and for disabled people.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_dpulo(self):
        return self.kind == self.Kind.DPULO


class Membership(models.Model):
    """A person acting for an organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    is_organisation_admin = models.BooleanField(
        default=False, help_text="Can manage the organisation's details and members."
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="accounts_membership_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} at {self.organisation}"


class RecoveryCodes(TimestampMixin, ThrottlingMixin, Device):
    """A person's one-time recovery codes: the way back in when their phone is lost.

    Made with the authenticator app and shown once. Only each code's SHA-256 is stored (each
    code carries about 60 random bits, so a copy of the database cannot be turned back into
    codes), and each works once. One set per person; making new codes replaces the old ones.
    """

    COUNT = 10
    ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to read back
    LENGTH = 12

    class Meta:
        verbose_name = "set of recovery codes"
        verbose_name_plural = "sets of recovery codes"

    @classmethod
    def normalise(cls, code):
        return "".join(ch for ch in (code or "").lower() if ch.isalnum())

    @staticmethod
    def digest(code):
        return hashlib.sha256(code.encode()).hexdigest()

    @classmethod
    def random_code(cls):
        raw = "".join(secrets.choice(cls.ALPHABET) for _ in range(cls.LENGTH))
        return "-".join(raw[i : i + 4] for i in range(0, cls.LENGTH, 4))

    def get_throttle_factor(self):
        return getattr(settings, "OTP_RECOVERY_THROTTLE_FACTOR", 1)

    @property
    def remaining(self):
        return self.codes.filter(used_at__isnull=True).count()

    def verify_token(self, token):
        """Use one code: true once for each unused code, false (and throttled) otherwise."""
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        code = self.normalise(token)
        used = 0
        if len(code) == self.LENGTH:
            used = self.codes.filter(code_hash=self.digest(code), used_at__isnull=True).update(
                used_at=timezone.now()
            )
        if used:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment()
        return False


class RecoveryCode(models.Model):
    codes = models.ForeignKey(RecoveryCodes, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Recovery code {self.pk} ({'used' if self.used_at else 'unused'})"


class NeedsFields(models.Model):
    """What someone has told us about what they need to take part, as questions and answers;
    kept for an account holder (``AccessNeeds``) and for a commissioner's contact, who has no
    account (``casestudies.CommissionerAccessNeeds``)."""

    class Contact(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "A phone call"
        TEXT_RELAY = "text_relay", "Text relay (Relay UK)"
        POST = "post", "A letter by post, through my organisation"

    class Documents(models.TextChoices):
        STANDARD = "standard", "Standard print"
        LARGE_PRINT = "large_print", "Large print"
        EASY_READ = "easy_read", "Easy Read"

    class Support(models.TextChoices):
        BSL = "bsl", "A British Sign Language (BSL) interpreter"
        CAPTIONS = "captions", "Live captions"
        NOTE_TAKER = "note_taker", "A note-taker"
        BREAKS = "breaks", "Regular breaks"

    contact = models.CharField(
        "how to contact you", max_length=20, choices=Contact.choices, default=Contact.EMAIL
    )
    phone = models.CharField("phone number", max_length=40, blank=True)
    contact_other = models.TextField("anything else about contacting you", blank=True)
    documents = models.CharField(
        "documents in", max_length=20, choices=Documents.choices, default=Documents.STANDARD
    )
    documents_other = models.TextField("anything else about documents", blank=True)
    support = models.JSONField("support in meetings and calls", default=list, blank=True)
    support_other = models.TextField("other support in meetings and calls", blank=True)
    more_time = models.BooleanField("may need more time", default=False)
    more_time_other = models.TextField("anything else about time", blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


KNOWN_NEEDS_CHOICES = models.Q(contact__in=["email", "phone", "text_relay", "post"]) & models.Q(
    documents__in=["standard", "large_print", "easy_read"]
)


class AccessNeeds(NeedsFields):
    """What a person has told us they need to take part: how to contact them, the format they
    read documents in, support in meetings and calls, and whether they may need more time.

    This is health information about a disabled person (special category data), so it is
    optional, said once, shown only to the people who work with the person on something
    (``eoi.rules`` and ``casestudies.rules`` say who), and deleted once they stop using the
    portal (``accounts.access_needs.expire``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_needs"
    )

    class Meta:
        verbose_name_plural = "access needs"
        constraints = [
            models.CheckConstraint(
                condition=KNOWN_NEEDS_CHOICES, name="accounts_access_needs_known_choices"
            ),
        ]

    def __str__(self):
        return f"Access needs of {self.user}"
