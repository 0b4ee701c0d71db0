"""A period of dates a report covers: this quarter unless the reader chooses, any two dates allowed.

Reports (insights, "You said, we did", the evidence pack) all read their period the same way, from
the page's address: `?start_0=1&start_1=10&start_2=2026&end_0=31&end_1=12&end_2=2026` (the GOV.UK
date inputs' own names), so a chosen period can be bookmarked, shared and printed.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from charter_portal.forms import DateInputField, PortalForm, gds_helper

# The earliest date a report may start: before any partnership used the portal.
EARLIEST = datetime.date(2000, 1, 1)
# The longest period one report covers.
LONGEST_DAYS = 5 * 366


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        """ "1 October to 31 December 2026", or "1 December 2025 to 30 November 2026"."""
        end = f"{self.end.day} {self.end:%B %Y}"
        if self.start.year == self.end.year:
            return f"{self.start.day} {self.start:%B} to {end}"
        return f"{self.start.day} {self.start:%B %Y} to {end}"

    @property
    def slug(self) -> str:
        """For file names: "2026-10-01-to-2026-12-31"."""
        return f"{self.start:%Y-%m-%d}-to-{self.end:%Y-%m-%d}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The first moment of `start` and the first moment after `end`, in the portal's time zone:
        filter a date-time field with `__gte` the first and `__lt` the second."""
        zone = timezone.get_current_timezone()
        first = datetime.datetime.combine(self.start, datetime.time(), tzinfo=zone)
        after = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time(), tzinfo=zone)
        return first, after

    def query(self) -> dict[str, int]:
        """The address parameters that choose this period."""
        return {
            "start_0": self.start.day,
            "start_1": self.start.month,
            "start_2": self.start.year,
            "end_0": self.end.day,
            "end_1": self.end.month,
            "end_2": self.end.year,
        }

    def months(self) -> list[datetime.date]:
        """The first day of each calendar month the period touches, in order."""
        month, found = self.start.replace(day=1), []
        while month <= self.end:
            found.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return found


def _quarter_of(day: datetime.date) -> Period:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = day.replace(month=first_month, day=1)
    end = (start + datetime.timedelta(days=95)).replace(day=1) - datetime.timedelta(days=1)
    return Period(start, end)


def this_quarter(today: datetime.date | None = None) -> Period:
    return _quarter_of(today or timezone.localdate())


def last_quarter(today: datetime.date | None = None) -> Period:
    return _quarter_of(this_quarter(today).start - datetime.timedelta(days=1))


def financial_year(today: datetime.date | None = None) -> Period:
    """April to March, as councils and the NHS plan and report."""
    today = today or timezone.localdate()
    year = today.year if today.month >= 4 else today.year - 1
    return Period(datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31))


def last_twelve_months(today: datetime.date | None = None) -> Period:
    """This month so far and the eleven whole months before it."""
    today = today or timezone.localdate()
    months_back = today.year * 12 + today.month - 1 - 11
    return Period(datetime.date(months_back // 12, months_back % 12 + 1, 1), today)


def quick_periods(today: datetime.date | None = None) -> list[tuple[str, Period]]:
    """The periods offered as links beside the dates."""
    today = today or timezone.localdate()
    return [
        ("This quarter", this_quarter(today)),
        ("Last quarter", last_quarter(today)),
        ("This financial year", financial_year(today)),
        ("Last 12 months", last_twelve_months(today)),
    ]


class PeriodForm(PortalForm):
    """The dates a report covers, sent in the address (GET), so the page works without JavaScript."""

    start = DateInputField(label="From", help_text="For example, 1 10 2026")
    end = DateInputField(label="To", help_text="For example, 31 12 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].error_messages["required"] = "Enter the first day of the period"
        self.fields["end"].error_messages["required"] = "Enter the last day of the period"
        self.helper = gds_helper("start", "end", submit="Show this period", name="show")
        self.helper.form_method = "get"

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and start < EARLIEST:
            self.add_error("start", f"The period must start on or after {EARLIEST.day} {EARLIEST:%B %Y}")
        elif start and end:
            if end < start:
                self.add_error("end", "The last day must be the same as or after the first day")
            elif (end - start).days >= LONGEST_DAYS:
                self.add_error("end", "The period must be 5 years or shorter")
        return data

    def period(self) -> Period:
        if not self.is_valid():
            raise ValidationError("The period is not valid.")
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])


def chosen_period(request: HttpRequest) -> tuple[PeriodForm, Period, bool]:
    """The period the page's address chooses, this quarter if it chooses none.

    Returns the form to draw, the period to report, and whether the address asked for a period the
    form refused (the page then reports this quarter and shows the form's errors, with status 400)."""
    default = this_quarter()
    if not any(key.startswith(("start_", "end_")) for key in request.GET):
        return PeriodForm(initial={"start": default.start, "end": default.end}), default, False
    form = PeriodForm(request.GET)
    if form.is_valid():
        return form, form.period(), False
    return form, default, True
