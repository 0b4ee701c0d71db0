from django.conf import settings
from django.db import models
from django.utils import timezone


class TimelineEvent(models.Model):
    """One line on a timeline: who did what, and when. Every state change of the
    portal writes one; each kind of timeline adds what it belongs to."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Text, not a bounded string: what happened includes the reasons people give, in full.
    what = models.TextField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d %b %Y %H:%M} {self.what}"
