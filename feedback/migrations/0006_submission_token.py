from django.db import migrations, models


class Migration(migrations.Migration):
    """The one-time token of the "Send" that made each item, unique, so pressing Send twice (or the
    same request arriving twice at once) can never store a second item."""

    dependencies = [
        ("feedback", "0005_queue_orders"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedback",
            name="submission_token",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.AddConstraint(
            model_name="feedback",
            constraint=models.UniqueConstraint(fields=("submission_token",), name="feedback_submission_token_unique"),
        ),
    ]
