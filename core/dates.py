"""Dates as people and their tools write them: month names, and partial dates ("2019", "2019-03", "Oct 2025",
"Present"). One place, used by every importer and by BibTeX export."""

import datetime
import re

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTH_ABBREVIATIONS = [month.capitalize() for month in MONTHS]
MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_NUMERIC = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[ T].*)?")
_YEAR = re.compile(r"\b(1\d\d\d|20\d\d|2100)\b")
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")[a-z]*\.?(?![a-z])", re.IGNORECASE)
_DAY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\b")
PRESENT = {"present", "current", "now", "ongoing", "today"}


class DateError(ValueError):
    pass


def month_number(value):
    """1–12 from 'jan', 'January', 'Jan.', '1', '01'; None when it names no month."""
    value = str(value or "").strip().lower().rstrip(".")
    if value.isdigit():
        return int(value) if 1 <= int(value) <= 12 else None
    return MONTHS.index(value[:3]) + 1 if len(value) >= 3 and value[:3] in MONTHS else None


def month_macro(month):
    """BibTeX's month macro ('jan') for 1–12."""
    return MONTHS[month - 1]


def loose_date(value):
    """(year, month or None, day or None) from a date, 2023, '2023', '2023-10', '2023-10-11', '2024.02', '11 Oct
    2025', 'Oct 2025'. DateError when no year can be read."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.year, value.month, value.day
    text = str(value if value is not None else "").strip()
    if match := _NUMERIC.fullmatch(text):
        year, month, day = match.groups()
        month = int(month) if month and 1 <= int(month) <= 12 else None
        return int(year), month, int(day) if day and month and 1 <= int(day) <= 31 else None
    year = _YEAR.search(text)
    if not year:
        raise DateError(f"“{text}” is not a date this can read.")
    month = _MONTH.search(text)
    day = _DAY.search(text.replace(year.group(1), ""))
    return int(year.group(1)), month_number(month.group(1)) if month else None, int(day.group(1)) if day else None


def is_present(value):
    """Whether a date field says the thing goes on ('Present', 'current')."""
    return str(value or "").strip().lower() in PRESENT
