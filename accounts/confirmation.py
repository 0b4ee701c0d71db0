"""Confirming the address of an account someone made themselves."""

from django.core import signing
from django.urls import reverse

from charter_portal import notify
from charter_portal.limits import too_many

SALT = "accounts.registration"
DAYS = 3


def send_confirmation(user) -> None:
    """Email a link to confirm the account's address (at most three an hour, so it cannot flood anyone)."""
    if too_many(f"confirm-account:{user.pk}", 3, 3600):
        return
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=SALT)
    notify.send(
        "confirm_account",
        [notify.Recipient(email=user.email, user=user)],
        user=user,
        link=notify.absolute(reverse("accounts:confirm_account", args=[token])),
    )


def account_for_link(token: str, users):
    """The account a link was sent for, if the link is genuine, in date and its address unchanged."""
    try:
        made = signing.loads(token, salt=SALT, max_age=DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    return users.filter(pk=made.get("user"), email=made.get("email"), is_active=True).first()
