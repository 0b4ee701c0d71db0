"""Who hears about a kite mark: the forum leads of each group asked to sign it off, the project's
officers, and its members. The words are in templates/notifications/kite_mark_*/."""

from django.urls import reverse

from accounts.models import User
from charter_portal import notify
from projects.models import Project
from reviews.models import KiteMarkApplication, kind_label


def _members(project: Project, leaving_out=None) -> list:
    users = [m.user for m in project.members.current().select_related("user") if m.user.is_active]
    return [u for u in users if u != leaving_out]


def _officers(application: KiteMarkApplication) -> list:
    return [u for u in {application.project.lead_officer, application.applied_by} if u is not None and u.is_active]


def _send(name: str, application: KiteMarkApplication, to, **context) -> None:
    project = application.project
    slug = project.partnership.slug
    notify.send(
        name,
        to,
        about=f"project:{project.pk}",
        area=slug,
        project=project,
        application=application,
        link=notify.absolute(reverse("reviews:kite_mark", args=[slug, project.pk])),
        **context,
    )


def leads_to_sign(application: KiteMarkApplication, kinds=None):
    """The forum leads of each group still asked to sign the application off."""
    kinds = application.required_kinds if kinds is None else kinds
    partnership = application.project.partnership
    return User.objects.in_partnership(partnership).forum_leads().filter(organisation__kind__in=kinds, is_active=True)


def applied(application: KiteMarkApplication, actor) -> None:
    groups = [kind_label(k) for k in application.required_kinds]
    _send("kite_mark_waiting", application, leads_to_sign(application), groups=groups)
    _send("kite_mark_applied", application, _members(application.project, leaving_out=actor))


def declined(application: KiteMarkApplication, group: str) -> None:
    _send("kite_mark_declined", application, _officers(application), group=group)


def awarded(application: KiteMarkApplication) -> None:
    _send("kite_mark_awarded", application, {*_officers(application), *_members(application.project)})


def revoked(application: KiteMarkApplication) -> None:
    _send("kite_mark_revoked", application, {*_officers(application), *_members(application.project)})


def remind(application: KiteMarkApplication, leads) -> list:
    project = application.project
    slug = project.partnership.slug
    return notify.send(
        "kite_mark_reminder",
        leads,
        about=f"project:{project.pk}",
        area=slug,
        once=f"application-{application.pk}",
        project=project,
        application=application,
        link=notify.absolute(reverse("reviews:kite_mark", args=[slug, project.pk])),
    )
