from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import migrations

# The name of the GIN index on feedback_feedback.search_vector (tests read it in query plans).
INDEX_NAME = "feedback_search_gin"

# The words of what the queue searches, made exactly as SearchVector("text", "you_said", "we_did",
# config="english") makes them, so a stored search finds what the computed one found. Worked out
# again whenever a row is added, or one of those texts (or the column itself) is written with a
# different value: a save() that writes every column, an update() or a bulk_create all keep it right.
TRIGGER = """
CREATE FUNCTION feedback_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT'
        OR NEW.text IS DISTINCT FROM OLD.text
        OR NEW.you_said IS DISTINCT FROM OLD.you_said
        OR NEW.we_did IS DISTINCT FROM OLD.we_did
        OR NEW.search_vector IS DISTINCT FROM OLD.search_vector
    THEN
        NEW.search_vector := to_tsvector(
            'english'::regconfig,
            COALESCE(NEW.text, '') || ' ' || COALESCE(NEW.you_said, '') || ' ' || COALESCE(NEW.we_did, '')
        );
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER feedback_search_vector BEFORE INSERT OR UPDATE ON feedback_feedback
    FOR EACH ROW EXECUTE FUNCTION feedback_search_vector();
"""
DROP_TRIGGER = """
DROP TRIGGER IF EXISTS feedback_search_vector ON feedback_feedback;
DROP FUNCTION IF EXISTS feedback_search_vector();
"""


def _index():
    return GinIndex(fields=["search_vector"], name=INDEX_NAME)


def stored_search(apps, schema_editor):
    """On PostgreSQL: the trigger, the words of every row there is already, and their index."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(TRIGGER)
    # Writing the column (with anything) makes the trigger work the words out again.
    schema_editor.execute("UPDATE feedback_feedback SET search_vector = ''::tsvector")
    schema_editor.add_index(apps.get_model("feedback", "Feedback"), _index())


def no_stored_search(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_index(apps.get_model("feedback", "Feedback"), _index())
    schema_editor.execute(DROP_TRIGGER)


class Migration(migrations.Migration):
    """The officers' queue searches stored, indexed words instead of working them out for every row on
    every search. The column is there on every database; the trigger that fills it and its GIN index
    only on PostgreSQL (on SQLite the column stays empty and the queue searches the text itself). The
    index is not in Feedback.Meta.indexes, so SQLite never has to make a GIN index when it rebuilds
    the table for a later migration."""

    dependencies = [
        ("feedback", "0006_submission_token"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedback",
            name="search_vector",
            field=SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(stored_search, no_stored_search, elidable=False),
    ]
