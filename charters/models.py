from django.db import models


class PartnershipQuerySet(models.QuerySet):
    def for_user(self, user) -> "PartnershipQuerySet":
        """The partnerships a user works in: all of them for a superuser."""
        if user.is_superuser:
            return self
        if not user.is_authenticated or user.partnership_id is None:
            return self.none()
        return self.filter(pk=user.partnership_id)


class Partnership(models.Model):
    """A SEND Local Area Partnership: one local area's council, NHS, schools,
    parent carer forum and young people's groups working together."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    NHS = "nhs", "NHS"
    EDUCATION = "education", "Education"
    FORUM = "forum", "Parent carer forum"
    YOUNG_PEOPLE = "young-people", "Young people's group"
    VOLUNTARY = "voluntary", "Voluntary sector"


class Organisation(models.Model):
    """An organisation taking part in a partnership."""

    Kind = OrganisationKind

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["partnership__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="organisation_unique_per_partnership"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganisationKind.values),
                name="organisation_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name
