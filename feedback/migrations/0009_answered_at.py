from django.db import migrations, models
from django.db.models import Min, OuterRef, Q, Subquery

# The labels a status change's timeline line ends with when it answers the family.
ANSWERS = ["We are doing", "We did", "Not able to"]


def from_the_timelines(apps, schema_editor):
    """An item answered before this field existed was answered when its timeline first says so; one
    in an answering status with no such line (stored without a timeline) when it last changed."""
    Feedback = apps.get_model("feedback", "Feedback")
    FeedbackEvent = apps.get_model("feedback", "FeedbackEvent")
    said = Q()
    for label in ANSWERS:
        said |= Q(what__endswith=f"to “{label}”")
    first = (
        FeedbackEvent.objects.filter(said, feedback=OuterRef("pk"), kind="status")
        .values("feedback")
        .annotate(first=Min("at"))
        .values("first")[:1]
    )
    Feedback.objects.filter(answered_at__isnull=True).update(answered_at=Subquery(first))
    Feedback.objects.filter(answered_at__isnull=True, status__in=["doing", "done", "not-able"]).update(
        answered_at=models.F("updated_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0008_queue_pages_from_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedback",
            name="answered_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(from_the_timelines, migrations.RunPython.noop),
    ]
