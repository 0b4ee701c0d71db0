from django.core.mail import send_mail
from django.tasks import task


@task
def send_email(subject: str, body: str, to: list[str]) -> int:
    """Send one plain-text email. A task, so a slow mail server never holds up
    a page: production runs it on the database-backed worker."""
    return send_mail(subject, body, None, to)
