"""CSV files the portal hands out. Any cell a spreadsheet would read as a formula (it starts
with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, so text someone typed
can never run as a formula when the file is opened."""

import csv
import io

from django.http import HttpResponse
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A leading apostrophe for text a spreadsheet would read as a formula, looking past any
    control characters in front (which a spreadsheet, or our XLSX writer, may drop)."""
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.sub("", value).startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_value(value):
    """A value an XLSX cell can hold: control characters (which the format cannot store, and
    which make openpyxl refuse the whole workbook) are removed from text, and then (so that
    removing them cannot uncover one) a formula is neutralised."""
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def cell(value):
    """A value as CSV text: nothing for None, lists joined with "; ", formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value)
    return neutralise(str(value))


def csv_text(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def csv_response(rows, filename):
    response = HttpResponse(csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
