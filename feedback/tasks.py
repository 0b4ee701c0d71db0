"""Background work for feedback: telling a family when its status changes."""

from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string

from feedback.models import Feedback, FeedbackEvent


@task
def send_status_email(feedback_id: int) -> bool:
    """Tell a family their feedback's status has changed, if they asked to hear."""
    feedback = Feedback.objects.select_related("partnership", "topic").filter(pk=feedback_id).first()
    if feedback is None or not (feedback.consent_to_contact and feedback.email):
        return False
    body = render_to_string("feedback/email/status.txt", {"feedback": feedback})
    subject = f"Your feedback {feedback.display_reference}: {feedback.get_status_display().lower()}"
    send_mail(subject, body, None, [feedback.email])
    with transaction.atomic():
        FeedbackEvent.objects.create(
            feedback=feedback,
            kind=FeedbackEvent.Kind.EMAIL,
            what=f"Email sent to the family: “{feedback.get_status_display()}”",
        )
    return True
