"""The kite mark on other apps' pages, without their code reaching into this app."""

from django import template

from reviews.models import CaseStudy, KiteMarkApplication
from reviews.services import published_case_studies

register = template.Library()
# How many of an area's case studies its home and charter pages show; the rest are a link away.
LATEST_SHOWN = 3


@register.inclusion_tag("reviews/includes/live_award.html")
def live_award(project) -> dict:
    """A project's kite mark with its badge, only while the award stands: a revoked one shows nothing."""
    award = project.kite_mark_applications.filter(status=KiteMarkApplication.Status.AWARDED).first()
    return {"award": award}


@register.inclusion_tag("reviews/includes/case_study_link.html")
def case_study_link(project) -> dict:
    """A link to the project's published case study, if it has one."""
    study = CaseStudy.objects.filter(project=project, published_at__isnull=False).only("pk").first()
    return {"project": project, "study": study}


@register.inclusion_tag("reviews/includes/latest_case_studies.html")
def latest_case_studies(partnership, heading_level: int = 2) -> dict:
    """The partnership's newest published case studies of public projects, with a link to them all."""
    studies = published_case_studies(partnership).select_related("project")[:LATEST_SHOWN]
    return {"partnership": partnership, "studies": list(studies), "heading": f"h{heading_level}"}
