"""Who hears about a feedback item, and how: the family who gave it (through their account's
preferred contact, or the email or phone they left if they agreed to be contacted) and the
officer it is given to. The words are in templates/notifications/feedback_*/."""

from django.urls import reverse

from charter_portal import notify
from feedback.models import Feedback


def family(feedback: Feedback) -> list[notify.Recipient]:
    user = feedback.submitted_by
    if user is not None and user.is_active:
        return [notify.person(user)]
    if not feedback.consent_to_contact:
        return []
    # Without an account: email if they gave one, otherwise a text to the phone they gave.
    return [notify.reach(email=feedback.email, phone=feedback.phone, name=feedback.name)]


def _link(feedback: Feedback) -> str:
    if feedback.submitted_by_id:
        return notify.absolute(reverse("feedback:mine", args=[feedback.reference]))
    return notify.absolute(reverse("feedback:check"))


def tell_family(feedback: Feedback, name: str) -> list:
    """Send the family one of the feedback_* messages, after the change commits."""
    return notify.send(
        name,
        family(feedback),
        about=f"feedback:{feedback.reference}",
        area=feedback.partnership.slug,
        feedback=feedback,
        link=_link(feedback),
        board=notify.absolute(reverse("feedback:board", args=[feedback.partnership.slug])),
    )


def tell_officer(feedback: Feedback, officer) -> None:
    notify.send(
        "feedback_assigned",
        [officer],
        about=f"feedback:{feedback.reference}",
        area=feedback.partnership.slug,
        feedback=feedback,
        link=notify.absolute(reverse("feedback:detail", args=[feedback.partnership.slug, feedback.reference])),
    )
