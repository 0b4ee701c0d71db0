"""Messages to people. Each message has a name and a folder of its own,
templates/notifications/<name>/, holding subject.txt and body.txt.

Services ask for a message by name; it is sent by a background task once the
change that caused it is committed, so a slow mail server never holds up a
page and nobody is told of a change that did not happen.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string


@task
def send_email(subject: str, body: str, to: list[str]) -> int:
    """Send one plain-text email. Production runs it on the database-backed worker."""
    return send_mail(subject, body, None, to)


def absolute(path: str) -> str:
    """A full link to a page of the portal, for messages read outside it."""
    return f"{settings.SITE_URL}{path}"


def send(name: str, to: Iterable[str], **context) -> None:
    """Send the named message to each address, one email each, after the current transaction commits."""
    recipients = sorted({address.lower() for address in to if address})
    if not recipients:
        return
    context = {"site_name": settings.SITE_NAME, **context}
    subject = " ".join(render_to_string(f"notifications/{name}/subject.txt", context).split())
    body = render_to_string(f"notifications/{name}/body.txt", context)
    for address in recipients:
        transaction.on_commit(lambda address=address: send_email.enqueue(subject=subject, body=body, to=[address]))
