"""The stakeholder list: importing it from CSV (all rows or none), exporting it, and the
influence and interest map.

An import is checked in full before anything is written: every row's problems are listed by its
row number in the spreadsheet (the header is row 1). Re-importing a file updates the stakeholders
it names (matched by official code, or else by name and kind) instead of adding them again.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation
from portal.errors import DomainError

from .models import Level, Stakeholder, StakeholderImport

COLUMNS = [
    "name",
    "kind",
    "region",
    "influence",
    "interest",
    "contact_name",
    "email",
    "website",
    "code",
    "notes",
]
REQUIRED_COLUMNS = ["name", "kind", "region"]
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000


class FileError(DomainError):
    """The file as a whole cannot be read; ``message`` says why."""


def _lookup(choices):
    """Accept a code or its label, in any case: "local_authority" or "Local authority"."""
    table = {}
    for value, label in choices:
        table[value.lower()] = value
        table[label.lower()] = value
    return table


KINDS = _lookup(Stakeholder.Kind.choices)
REGIONS = _lookup(Organisation.Region.choices)
LEVELS = _lookup(Level.choices)


@dataclass
class Row:
    number: int
    values: dict
    problems: list = field(default_factory=list)
    existing: Stakeholder | None = None

    @property
    def action(self):
        return "Update" if self.existing else "Add"


@dataclass
class Checked:
    rows: list
    problems: list  # (row number, message)

    @property
    def clean(self):
        return not self.problems

    @property
    def adds(self):
        return sum(1 for row in self.rows if not row.existing)

    @property
    def updates(self):
        return sum(1 for row in self.rows if row.existing)


TOO_BIG = "The file must be smaller than 2 MB"


def _row_of(raw, index):
    """The spreadsheet row (header is row 1) holding byte ``index``."""
    return raw.count(b"\n", 0, index) + 1


def decode(upload):
    """The uploaded file's text, or a FileError that says what is wrong with it. Never reads
    more than the limit, whatever the upload claims its size is."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise FileError(TOO_BIG)
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise FileError(TOO_BIG)
    if not raw.strip():
        raise FileError("The selected file is empty")
    nul = raw.find(b"\x00")
    if 0 <= nul < 4096:
        raise FileError("The selected file must be a CSV file")
    if nul >= 0:
        raise FileError(
            f"Row {_row_of(raw, nul)} contains a character a CSV file cannot hold (a NUL byte). "
            "Remove it, or save the file again as “CSV UTF-8”, then upload it"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileError(
            "The file must be a CSV file saved as UTF-8 (in Excel: Save as, “CSV UTF-8”)"
        ) from error


def _validate(number, raw, seen_codes):
    values = {name: (raw.get(name) or "").strip() for name in COLUMNS}
    problems = []
    if not values["name"]:
        problems.append("Enter the stakeholder's name")
    elif len(values["name"]) > 200:
        problems.append("The name must be 200 characters or fewer")
    kind = KINDS.get(values["kind"].lower())
    if kind is None:
        problems.append(f"Unknown kind “{values['kind']}”" if values["kind"] else "Enter the kind")
    values["kind"] = kind
    region = REGIONS.get(values["region"].lower())
    if region is None:
        problems.append(
            f"Unknown region “{values['region']}”" if values["region"] else "Enter the region"
        )
    values["region"] = region
    for name in ("influence", "interest"):
        level = LEVELS.get(values[name].lower() or "medium")
        if level is None:
            problems.append(f"The {name} must be low, medium or high, not “{values[name]}”")
        values[name] = level
    if values["email"]:
        try:
            EmailValidator()(values["email"])
        except ValidationError:
            problems.append(f"“{values['email']}” is not a valid email address")
    if values["website"]:
        try:
            URLValidator(schemes=["http", "https"])(values["website"])
        except ValidationError:
            problems.append(f"“{values['website']}” is not a valid web address")
    code = values["code"].upper()
    values["code"] = code
    if len(code) > 20:
        problems.append("The official code must be 20 characters or fewer")
    elif code and code in seen_codes:
        problems.append(f"The code {code} is also on row {seen_codes[code]}")
    elif code:
        seen_codes[code] = number
    for name, limit in (("contact_name", 200), ("notes", 5000), ("email", 254)):
        if len(values[name]) > limit:
            problems.append(f"The {name.replace('_', ' ')} must be {limit:,} characters or fewer")
    return Row(number=number, values=values, problems=problems)


def _unreadable(row, error):
    """A FileError naming the row the csv module could not read, and why, in plain English."""
    if "field larger than field limit" in str(error):
        return FileError(
            f"Row {row} has a value longer than {csv.field_size_limit():,} characters. Check "
            'for a missing closing quotation mark ("), then upload the file again'
        )
    return FileError(f"Row {row} could not be read as CSV. Check it, then upload the file again")


def check(content):
    """Every row of the file checked, with the stakeholder each would update."""
    reader = csv.DictReader(io.StringIO(content))
    try:
        fieldnames = reader.fieldnames
    except csv.Error as error:
        raise _unreadable(1, error) from error
    header = [name.strip().lower() for name in (fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise FileError(
            f"The file must have a header row with the columns {', '.join(COLUMNS)}. "
            f"Missing: {', '.join(missing)}"
        )
    reader.fieldnames = header
    rows, seen_codes = [], {}
    records = enumerate(reader, start=2)
    index = 1
    while True:
        try:
            index, raw = next(records)
        except StopIteration:
            break
        except csv.Error as error:
            raise _unreadable(index + 1, error) from error
        if index - 1 > MAX_ROWS:
            raise FileError(f"The file must have {MAX_ROWS:,} rows or fewer")
        if not any((value or "").strip() for value in raw.values() if isinstance(value, str)):
            continue  # a blank line
        rows.append(_validate(index, raw, seen_codes))
    if not rows:
        raise FileError("The file has a header row but no stakeholders")
    by_code = {
        s.code: s for s in Stakeholder.objects.filter(code__in=[r.values["code"] for r in rows])
    }
    by_name = {
        (s.name.lower(), s.kind): s
        for s in Stakeholder.objects.filter(code="", name__in=[r.values["name"] for r in rows])
    }
    for row in rows:
        values = row.values
        if values["code"]:
            row.existing = by_code.get(values["code"])
        else:
            row.existing = by_name.get((values["name"].lower(), values["kind"]))
    problems = [(row.number, problem) for row in rows for problem in row.problems]
    return Checked(rows=rows, problems=problems)


def upload(file, *, by):
    content = decode(file)
    check(content)  # the file as a whole must at least be readable
    return StakeholderImport.objects.create(
        filename=(file.name or "stakeholders.csv")[:200], content=content, uploaded_by=by
    )


def run(stakeholder_import):
    """Import a clean file: every row, or (if anything is wrong) none."""
    with transaction.atomic():
        locked = StakeholderImport.objects.select_for_update().get(pk=stakeholder_import.pk)
        if locked.imported_at:
            raise FileError("This file has already been imported.")
        checked = check(locked.content)
        if not checked.clean:
            raise FileError("Correct the problems in the file, then upload it again.")
        created = updated = 0
        for row in checked.rows:
            fields = {name: row.values[name] for name in COLUMNS}
            if row.existing:
                for name, value in fields.items():
                    setattr(row.existing, name, value)
                row.existing.version += 1
                row.existing.save()
                updated += 1
            else:
                Stakeholder.objects.create(**fields)
                created += 1
        locked.imported_at = timezone.now()
        locked.created_count, locked.updated_count = created, updated
        locked.save()
    return locked


def export_rows(queryset):
    """The stakeholders in the import's own columns, so an export can be re-imported."""
    return [COLUMNS, *([getattr(s, name) for name in COLUMNS] for s in queryset)]


QUADRANT_HELP = {
    Stakeholder.Quadrant.MANAGE_CLOSELY: "High influence, high interest: involve them closely.",
    Stakeholder.Quadrant.KEEP_SATISFIED: "High influence, low interest: keep them satisfied.",
    Stakeholder.Quadrant.KEEP_INFORMED: "Low influence, high interest: keep them informed.",
    Stakeholder.Quadrant.MONITOR: "Low influence, low interest: watch for changes.",
}


def quadrants(queryset):
    """The four quadrants in reading order (top left first), each with its stakeholders."""
    groups = {quadrant: [] for quadrant in Stakeholder.Quadrant}
    for stakeholder in queryset.only("pk", "name", "kind", "region", "influence", "interest"):
        groups[stakeholder.quadrant].append(stakeholder)
    order = [
        Stakeholder.Quadrant.KEEP_SATISFIED,
        Stakeholder.Quadrant.MANAGE_CLOSELY,
        Stakeholder.Quadrant.MONITOR,
        Stakeholder.Quadrant.KEEP_INFORMED,
    ]
    return [(q, q.label, QUADRANT_HELP[q], groups[q]) for q in order]
