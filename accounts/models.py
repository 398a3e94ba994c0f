"""People and the organisations they act for."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


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
