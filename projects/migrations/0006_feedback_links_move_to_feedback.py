from django.db import migrations


class Migration(migrations.Migration):
    """A decision's links to feedback are now declared on the feedback's side (feedback 0004), so the
    projects app never depends on the feedback app. The table stays as it is."""

    dependencies = [
        ("projects", "0005_timeline_text_in_full"),
        ("feedback", "0003_timeline_text_in_full"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="decision", name="feedback")],
            database_operations=[],
        ),
    ]
