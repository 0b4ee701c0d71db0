from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from charter_portal.models import TimelineEvent
from charter_portal.roles import ORGANISATION_ROLES, STAFF_ROLES, Role

__all__ = ["ORGANISATION_ROLES", "STAFF_ROLES", "Contact", "FamilyKind", "Role", "User"]


class FamilyKind(models.TextChoices):
    PARENT_CARER = "parent-carer", "Parent or carer"
    YOUNG_PERSON = "young-person", "Young person"


class Contact(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone call"
    POST = "post", "Post"
    TEXT = "text", "Text message"


class UserQuerySet(models.QuerySet):
    """The people lists the portal needs, by what they do in their partnership."""

    def in_partnership(self, partnership) -> "UserQuerySet":
        return self.filter(partnership=partnership)

    def families(self) -> "UserQuerySet":
        return self.filter(role=Role.FAMILY)

    def officers(self) -> "UserQuerySet":
        return self.filter(role=Role.OFFICER)

    def admins(self) -> "UserQuerySet":
        return self.filter(role=Role.ADMIN)

    def handling_feedback(self) -> "UserQuerySet":
        """Officers and admins with an open account: who a feedback item can be assigned to."""
        return self.filter(role__in=[Role.OFFICER, Role.ADMIN], is_active=True)

    def forum_leads(self, kind: str | None = None) -> "UserQuerySet":
        leads = self.filter(role=Role.FORUM_LEAD)
        return leads.filter(organisation__kind=kind) if kind else leads


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        fields.setdefault("name", email.split("@")[0])
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, email: str) -> "User":
        # Email addresses are stored in lower case; people type them as they like.
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """Everyone who signs in: families, officers, forum leads and admins.

    People sign in with their email address. Each belongs to one partnership;
    officers and forum leads also name their organisation.
    """

    email = models.EmailField("Email address", max_length=254, unique=True)
    name = models.CharField("Full name", max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.FAMILY)
    family_kind = models.CharField("Which describes you", max_length=20, choices=FamilyKind.choices, blank=True)
    partnership = models.ForeignKey(
        "charters.Partnership",
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        "charters.Organisation",
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    access_needs = models.TextField(blank=True)
    preferred_contact = models.CharField(max_length=10, choices=Contact.choices, default=Contact.EMAIL)
    phone = models.CharField("Phone number", max_length=30, blank=True)
    postal_address = models.TextField(blank=True)
    # The messages they turned off (charter_portal.notify.OPTIONAL): "digest", "reminders", "updates".
    muted = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)
    # Someone who makes their own account confirms its address before it is used: until then
    # the portal sends it nothing but the confirmation link, and it cannot sign in. Accounts made
    # by an admin or from an invitation (which arrived at the address) start confirmed.
    email_confirmed = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Set when the account was closed and erased (UK GDPR Article 17): the row stays, with a
    # description in place of the name, so what they contributed stays true and unattributed.
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="user_role_valid"),
            models.CheckConstraint(
                condition=models.Q(is_superuser=True) | models.Q(partnership__isnull=False),
                name="user_belongs_to_a_partnership",
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=ORGANISATION_ROLES) | models.Q(organisation__isnull=False),
                name="user_professional_has_organisation",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "role", "name"])]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def contact_detail(self) -> str:
        """Where to reach them the way they asked: the number for calls and texts, the email address
        for email (the postal address is shown on its own, as it runs to several lines)."""
        if self.preferred_contact in (Contact.PHONE, Contact.TEXT):
            return self.phone
        return self.email if self.preferred_contact == Contact.EMAIL else ""

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    def get_full_name(self) -> str:
        return self.name

    def record(self, actor: "User | None", what: str) -> "AccountEvent":
        return AccountEvent.objects.create(user=self, actor=actor, what=what)

    def _lock(self) -> None:
        User.objects.select_for_update().filter(pk=self.pk).values_list("pk").get()

    def deactivate(self, actor: "User") -> None:
        with transaction.atomic():
            self._lock()
            self.is_active = False
            self.save(update_fields=["is_active"])
            self.record(actor, "Account closed")

    def reactivate(self, actor: "User") -> None:
        with transaction.atomic():
            self._lock()
            self.is_active = True
            self.save(update_fields=["is_active"])
            self.record(actor, "Account reopened")


class AccountEvent(TimelineEvent):
    """One line on an account's timeline: who did what, and when."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        indexes = [models.Index(fields=["user", "-at"])]


class AccessKind(models.TextChoices):
    FEEDBACK = "feedback", "Feedback item: what they told us and their contact details"
    ACCESS_NEEDS = "access-needs", "Access needs"
    PAPER = "paper", "Meeting paper downloaded"
    EXPORT = "export", "Copy of someone's information downloaded"


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The access log is append-only: its lines are never changed.")

    def delete(self):
        raise TypeError("The access log is append-only: its lines are never removed.")


class AccessLog(models.Model):
    """One view of a private record by an officer or admin: who looked, at what, and when.

    Append-only for everyone in the portal: a line is written once and never changed or removed.
    `record` names what was looked at ("feedback:ABCD2345", "user:12", "paper:5", "export:3");
    `subject` is the person it is about, when the portal knows them.
    """

    Kind = AccessKind

    partnership = models.ForeignKey("charters.Partnership", on_delete=models.CASCADE, related_name="access_log")
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="accesses_made")
    subject = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="accesses_to")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    record = models.CharField(max_length=100)
    at = models.DateTimeField(default=timezone.now)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(kind__in=AccessKind.values), name="access_kind_valid")]
        indexes = [
            models.Index(fields=["partnership", "-at", "-id"], name="access_newest"),
            models.Index(fields=["partnership", "record", "-at"], name="access_by_record"),
            models.Index(fields=["partnership", "actor", "-at"], name="access_by_actor"),
            models.Index(fields=["partnership", "subject", "-at"], name="access_by_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.record} seen by {self.actor_id} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise TypeError("The access log is append-only: its lines are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The access log is append-only: its lines are never removed.")


class RequestKind(models.TextChoices):
    EXPORT = "export", "A copy of their information"
    ERASURE = "erasure", "Close and erase their account"


class RequestStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    MAKING = "making", "Being made"
    READY = "ready", "Ready to download"
    DONE = "done", "Done"
    FAILED = "failed", "Not made"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Download removed"


def request_path(request: "DataRequest", filename: str) -> str:
    return f"data-requests/{request.partnership_id}/{request.pk}/{filename}"


class DataRequest(models.Model):
    """A person's request under UK GDPR: a copy of what the partnership holds about them (Article
    15), or to close and erase their account (Article 17).

    Made by the person from their account, or by an admin for someone who asked by post or phone;
    `found_by` keeps the reference or email address the admin looked up for a family without an
    account. An export is made in the background and kept only for a few days.
    """

    Kind = RequestKind
    Status = RequestStatus

    partnership = models.ForeignKey("charters.Partnership", on_delete=models.CASCADE, related_name="data_requests")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    subject = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="data_requests")
    found_by = models.CharField(max_length=254, blank=True)
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reason = models.TextField(blank=True, max_length=2000)
    file = models.FileField(upload_to=request_path, max_length=300, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=RequestKind.values), name="data_request_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(status__in=RequestStatus.values), name="data_request_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(subject__isnull=False) | ~models.Q(found_by=""), name="data_request_names_someone"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=RequestStatus.READY) | ~models.Q(file=""), name="data_request_ready_has_file"
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "-requested_at", "-id"], name="data_request_newest"),
            models.Index(fields=["subject", "-requested_at"], name="data_request_by_subject"),
            models.Index(fields=["status", "expires_at"], name="data_request_expiring"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"


class DataRequestEvent(TimelineEvent):
    """One line on a request's timeline: asked, made, downloaded, confirmed, refused."""

    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        indexes = [models.Index(fields=["request", "-at"])]


class PurgeRun(models.Model):
    """What the daily retention run removed in one partnership on one day: {what: count}.

    One row per partnership and day, so a second run that day adds to the same counts."""

    partnership = models.ForeignKey("charters.Partnership", on_delete=models.CASCADE, related_name="purge_runs")
    on = models.DateField()
    counts = models.JSONField(default=dict)
    ran_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on"]
        constraints = [models.UniqueConstraint(fields=["partnership", "on"], name="purge_run_once_a_day")]

    def __str__(self) -> str:
        return f"Retention run on {self.on}"
