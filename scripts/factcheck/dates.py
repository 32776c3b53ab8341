"""Dates as a fact-checker knows them: a day, a month, a year, or a range.

`2026-02-01`, `2026-02`, `2025` and the ISO 8601 interval
`2026-01-31/2026-02-01` are all valid. The schema checks the shape; this
module checks that the date exists and formats it for readers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

MONTHS = (
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
)


@dataclass(frozen=True, order=True)
class Point:
    """A day, month or year: (year, month or 0, day or 0)."""

    year: int
    month: int = 0
    day: int = 0

    def iso(self) -> str:
        if not self.month:
            return f"{self.year:04d}"
        if not self.day:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def human(self) -> str:
        if not self.month:
            return str(self.year)
        if not self.day:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {MONTHS[self.month - 1]} {self.year}"


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """A point, or an interval start/end, when the exact day is not known."""

    start: Point
    end: Point | None = None

    @property
    def latest(self) -> Point:
        return self.end or self.start

    def iso(self) -> str:
        return self.start.iso() + (f"/{self.end.iso()}" if self.end else "")

    def human(self) -> str:
        start, end = self.human_parts()
        return start + self.dash() + end if end else start

    def dash(self) -> str:
        """The dash between an interval's parts: closed up between two days of one month."""
        a, b = self.start, self.end
        same_month = b is not None and a.day and b.day and (a.year, a.month) == (b.year, b.month)
        return "–" if same_month else " – "

    def human_parts(self) -> tuple[str, str]:
        """An interval as the text of its start and of its end, the shared year said once:
        ('31 January', '1 February 2026'). A point is (its text, '')."""
        if self.end is None:
            return self.start.human(), ""
        a, b = self.start, self.end
        if a.day and b.day and a.year == b.year:
            if a.month == b.month:
                return str(a.day), b.human()
            return f"{a.day} {MONTHS[a.month - 1]}", b.human()
        return a.human(), b.human()

    def first_day(self) -> dt.date:
        """The earliest day the date can mean: 2026-02 -> 2026-02-01."""
        p = self.start
        return dt.date(p.year, p.month or 1, p.day or 1)

    def sort_key(self) -> tuple[int, int, int]:
        """Sort by the latest day the claim could have been made."""
        p = self.latest
        return (p.year, p.month or 12, p.day or 31)


def parse_point(text: str) -> Point:
    """'2026-02-01' -> Point(2026, 2, 1); raises ValueError for a date that does not exist."""
    if not text.isascii():  # int() would read Arabic-Indic or full-width digits
        raise ValueError(f"{text!r} must be written in the digits 0-9")
    parts = [int(p) for p in text.split("-")]
    year, month, day = [*parts, 0, 0][:3]
    if not 1 <= year <= 9999:
        raise ValueError(f"year {year} is out of range")
    if len(parts) > 1 and not 1 <= month <= 12:
        raise ValueError(f"there is no month {parts[1]:02d}")
    if len(parts) > 2:
        try:
            dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"{text} is not a real date") from None
    return Point(year, month, day)


@lru_cache(maxsize=8192)  # claims repeat their dates; the results are immutable
def parse_fuzzy(text: str) -> FuzzyDate:
    """Parse a point or interval; raises ValueError with a reason a person can act on."""
    start_text, _, end_text = text.partition("/")
    start = parse_point(start_text)
    if not end_text:
        return FuzzyDate(start)
    end = parse_point(end_text)
    if end.iso() <= start.iso():
        raise ValueError(f"the interval ends ({end.iso()}) before it starts ({start.iso()})")
    return FuzzyDate(start, end)


@lru_cache(maxsize=8192)
def parse_day(text: str) -> dt.date:
    """A full calendar day; raises ValueError if it does not exist."""
    point = parse_point(text)
    return dt.date(point.year, point.month, point.day)


def human_day(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
