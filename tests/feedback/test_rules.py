import datetime

import pytest

from feedback import services
from feedback.models import REFERENCE_ALPHABET, Feedback, add_working_days, clean_reference, new_reference


def test_references_are_easy_to_read_aloud():
    for _ in range(200):
        reference = new_reference()
        assert len(reference) == 8
        assert set(reference) <= set(REFERENCE_ALPHABET)
    assert not set("0O1IL") & set(REFERENCE_ALPHABET)
    assert clean_reference(" abcd-efgh ") == "ABCDEFGH"


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (datetime.date(2026, 11, 23), 1, datetime.date(2026, 11, 24)),  # Monday to Tuesday
        (datetime.date(2026, 11, 27), 1, datetime.date(2026, 11, 30)),  # Friday: over the weekend
        # 20 working days from 14 December 2026 skip Christmas, Boxing Day (moved) and New Year's Day.
        (datetime.date(2026, 12, 14), 20, datetime.date(2027, 1, 14)),
        (datetime.date(2027, 3, 24), 2, datetime.date(2027, 3, 30)),  # over Good Friday and Easter Monday
    ],
)
def test_answer_by_date_counts_working_days_only(start, days, due):
    assert add_working_days(start, days) == due


def test_due_date_follows_the_partnerships_response_target(partnership, feedback_item):
    partnership.response_target_days = 5
    partnership.save()
    quick = services.submit(partnership, topic=feedback_item.topic, who="other", text="Hello")
    assert quick.due_on == add_working_days(quick.received_at.date(), 5)
    assert feedback_item.due_on == add_working_days(feedback_item.received_at.date(), 20)


def test_statuses_move_only_along_the_path(feedback_item, officer):
    with pytest.raises(services.FeedbackError):
        services.change_status(feedback_item, Feedback.Status.DONE, officer)
    with pytest.raises(services.FeedbackError, match="Say why"):
        services.change_status(feedback_item, Feedback.Status.NOT_ABLE, officer, "  ")
    services.change_status(feedback_item, Feedback.Status.CONSIDERING, officer)
    services.change_status(feedback_item, Feedback.Status.NOT_ABLE, officer, "No budget this year")
    feedback_item.refresh_from_db()
    assert feedback_item.not_able_reason == "No budget this year"


def test_only_items_with_consent_can_be_published(feedback_item, officer):
    feedback_item.consent_to_publish = False
    feedback_item.save()
    services.change_status(feedback_item, Feedback.Status.DOING, officer)
    with pytest.raises(services.FeedbackError, match="did not agree"):
        services.publish(feedback_item, officer, "Parents said", "We are")


def test_overdue_items(feedback_item):
    later = feedback_item.due_on + datetime.timedelta(days=1)
    assert Feedback.objects.overdue(later).get() == feedback_item
    assert not Feedback.objects.overdue(feedback_item.due_on).exists()
    assert feedback_item.is_overdue(later)
