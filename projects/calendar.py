"""Calendar files (RFC 5545) for project meetings, so members can add them to their own calendars."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from charter_portal.notify import absolute
from projects.models import Meeting


def uid_for(meeting: Meeting) -> str:
    """Unique to this installation, so two portals' meetings never replace each other in a calendar."""
    return f"meeting-{meeting.pk}@{urlsplit(settings.SITE_URL).hostname or 'charter-portal.localhost'}"


def for_meeting(meeting: Meeting) -> bytes:
    """One meeting as a calendar file. A change raises its SEQUENCE and a cancellation sets
    STATUS:CANCELLED, so a calendar that imports the file again updates its copy."""
    project = meeting.project
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Project meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid_for(meeting))
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("summary", f"{'Cancelled: ' if meeting.is_cancelled else ''}{project.title}: {meeting.title}")
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("dtstamp", timezone.now())
    event.add("location", meeting.place or meeting.online_link or "Online")
    page = absolute(reverse("projects:meeting", args=[project.partnership.slug, project.pk, meeting.pk]))
    event.add("url", page)
    description = meeting.cancel_reason if meeting.is_cancelled else meeting.agenda
    event.add("description", f"{description}\n\n{page}".strip())
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
