"""The kite mark on other apps' pages, without their code reaching into this app."""

from django import template

from reviews.models import KiteMarkApplication

register = template.Library()


@register.inclusion_tag("reviews/includes/live_award.html")
def live_award(project) -> dict:
    """A project's kite mark with its badge, only while the award stands: a revoked one shows nothing."""
    award = project.kite_mark_applications.filter(status=KiteMarkApplication.Status.AWARDED).first()
    return {"award": award}
