"""The roles people have in a partnership. Below every app: the permission rules need them."""

from django.db import models


class Role(models.TextChoices):
    FAMILY = "family", "Family member"
    OFFICER = "officer", "Officer"
    FORUM_LEAD = "forum-lead", "Forum lead"
    ADMIN = "admin", "Partnership admin"
    # A professional of a school, service or charity who takes part in the projects they
    # are invited to, and sees nothing else of the partnership's private work.
    PROFESSIONAL = "professional", "Professional taking part in projects"


# Roles whose accounts only a partnership admin (or an operator), or a project's
# invitation to a professional, can make.
STAFF_ROLES = [Role.OFFICER, Role.FORUM_LEAD, Role.ADMIN, Role.PROFESSIONAL]
# Roles that must name the organisation they work for.
ORGANISATION_ROLES = [Role.OFFICER, Role.FORUM_LEAD, Role.PROFESSIONAL]
