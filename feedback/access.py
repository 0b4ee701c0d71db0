"""Feedback items, fetched through the partnership of the page (request.partnership, set by
charters.access.partnership_page, which has already checked the person handles its feedback)."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from feedback.models import Feedback, clean_reference


def feedback_for_officer(request: HttpRequest, reference: str) -> Feedback:
    """An item of the page's partnership; another partnership's (or none) is a 404."""
    return get_object_or_404(
        Feedback.objects.select_related(
            "partnership", "topic", "principle", "project", "assigned_to", "logged_by", "submitted_by"
        ),
        partnership=request.partnership,
        reference=clean_reference(reference),
    )


def own_feedback(request: HttpRequest, reference: str) -> Feedback:
    """What the signed-in person sent themselves; anyone else's is a 404."""
    return get_object_or_404(
        Feedback.objects.select_related("partnership", "topic"),
        reference=clean_reference(reference),
        submitted_by=request.user,
    )
