import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from feedback.forms import topics_for
from feedback.models import Feedback


@pytest.fixture
def answers(partnership):
    return {
        "topic": topics_for(partnership).get(name="Transport").pk,
        "text": "The bus to school keeps changing without warning.",
        "principle": "",
        "who": "parent-carer",
        "name": "Dana",
        "email": "dana@example.org",
        "phone": "",
        "consent_to_contact": "on",
        "consent_to_publish": "on",
        "website": "",
    }


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()


def send_token(client, slug: str, **extra) -> str:
    """The one-time token of the Send on the check-answers page, as a browser has it."""
    page = client.get(reverse("feedback:check_answers", args=[slug]), **extra).text
    return re.search(r'name="submission_token" value="([^"]+)"', page).group(1)


def press_send(client, slug: str, token: str, **extra):
    return client.post(reverse("feedback:check_answers", args=[slug]), {"submission_token": token}, **extra)


def send(client, slug: str, answers: dict):
    client.post(reverse("feedback:tell_us", args=[slug]), answers)
    return press_send(client, slug, send_token(client, slug))


def test_a_family_tells_us_checks_answers_and_gets_a_reference(client, partnership, answers):
    response = client.post(reverse("feedback:tell_us", args=["wirral"]), answers)
    assert response["Location"] == reverse("feedback:check_answers", args=["wirral"])
    check = client.get(response["Location"]).text
    assert "Check your answers before sending" in check
    assert "The bus to school keeps changing without warning." in check
    assert not Feedback.objects.exists()
    response = press_send(client, "wirral", send_token(client, "wirral"))
    feedback = Feedback.objects.get()
    assert feedback.channel == "online" and feedback.status == "received"
    assert response["Location"] == reverse("feedback:sent", args=["wirral"])
    sent = client.get(response["Location"]).text
    assert feedback.display_reference in sent
    assert f"We aim to answer by <strong>{feedback.due_on:%A} {feedback.due_on.day}" in sent
    assert feedback.events.get(kind="received").what == "Received through the online form"


def test_change_links_bring_back_every_answer(client, partnership, answers):
    client.post(reverse("feedback:tell_us", args=["wirral"]), answers)
    form = client.get(reverse("feedback:tell_us", args=["wirral"])).text
    assert "The bus to school keeps changing without warning." in form
    assert 'value="dana@example.org"' in form


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"topic": ""}, "Select what it is about"),
        ({"text": ""}, "Enter what you want to tell us"),
        ({"text": "x" * 5001}, "What you tell us must be 5,000 characters or fewer"),
        ({"who": ""}, "Select who you are"),
        ({"email": "dana"}, "Enter an email address in the correct format"),
        ({"email": "", "phone": ""}, "Enter an email address or a phone number so we can contact you"),
        ({"principle": "999999"}, "Select one of the options shown"),
    ],
)
def test_each_bad_answer_is_explained_and_nothing_typed_is_lost(client, partnership, answers, change, message):
    response = client.post(reverse("feedback:tell_us", args=["wirral"]), {**answers, **change})
    assert response.status_code == 400
    assert message in response.text
    if "text" not in change:
        assert "The bus to school keeps changing without warning." in response.text
    assert not Feedback.objects.exists()


def test_robots_filling_the_hidden_box_are_thanked_and_nothing_is_kept(client, partnership, answers):
    response = client.post(reverse("feedback:tell_us", args=["wirral"]), {**answers, "website": "http://spam.example"})
    assert response["Location"] == reverse("feedback:sent", args=["wirral"])
    assert "feedback_draft" not in client.session
    assert client.post(reverse("feedback:check_answers", args=["wirral"]))["Location"].endswith("/tell-us/")
    assert not Feedback.objects.exists()
    assert "Thank you" in client.get(response["Location"]).text


def test_too_many_from_one_address_are_held_back_kindly(client, partnership, answers, settings):
    settings.FEEDBACK_RATE_LIMIT = 2
    for _ in range(2):
        send(client, "wirral", answers)
    response = send(client, "wirral", answers)
    assert response.status_code == 429
    assert "Please wait a few minutes" in response.text
    assert "Nothing you wrote is lost" in response.text
    assert Feedback.objects.count() == 2
    # The answers are still there to send later.
    assert "The bus to school" in client.get(reverse("feedback:check_answers", args=["wirral"])).text


def test_a_signed_in_family_member_sees_their_feedback_on_their_account(client, partnership, answers, family):
    client.force_login(family)
    send(client, "wirral", answers)
    feedback = Feedback.objects.get()
    assert feedback.submitted_by == family
    account = client.get(reverse("accounts:account")).text
    assert feedback.display_reference in account


def test_family_members_see_only_their_own_feedback(client, partnership, answers, family, feedback_item):
    client.force_login(family)
    account = client.get(reverse("accounts:account")).text
    assert feedback_item.display_reference not in account


def test_the_confirmation_page_shows_nothing_without_a_sending(client, partnership, feedback_item):
    text = client.get(reverse("feedback:sent", args=["wirral"])).text
    assert feedback_item.display_reference not in text


def test_only_the_forms_answers_are_kept_in_the_session(client, partnership, answers):
    client.post(reverse("feedback:tell_us", args=["wirral"]), {**answers, "junk": "x" * 100_000, "extra": "y"})
    draft = client.session["feedback_draft"]["wirral"]
    assert set(draft) == set(answers) - {"website"} | {"project"}
    assert "x" * 100 not in str(dict(client.session))


def test_a_request_too_large_is_refused_before_it_is_read(client, partnership, answers):
    response = client.post(reverse("feedback:tell_us", args=["wirral"]), {**answers, "junk": "x" * 300_000})
    assert response.status_code == 400
    assert not Feedback.objects.exists()
    big = client.generic(
        "POST", reverse("feedback:tell_us", args=["wirral"]), "x", CONTENT_LENGTH=str(20 * 1024 * 1024)
    )
    assert big.status_code == 413 and "What you sent is too large" in big.text


def test_an_anonymous_draft_goes_when_the_browser_closes_and_can_be_cleared(client, partnership, answers):
    client.post(reverse("feedback:tell_us", args=["wirral"]), answers)
    assert client.session.get_expire_at_browser_close()
    assert "Start again and clear your answers" in client.get(reverse("feedback:check_answers", args=["wirral"])).text
    client.post(reverse("feedback:start_again", args=["wirral"]))
    assert "wirral" not in client.session.get("feedback_draft", {})
    form = client.get(reverse("feedback:tell_us", args=["wirral"])).text
    assert "The bus to school" not in form


def test_the_limit_is_per_area_and_per_address_behind_trusted_proxies(
    client, partnership, other_partnership, answers, settings
):
    settings.FEEDBACK_RATE_LIMIT = 1
    settings.TRUSTED_PROXIES = 1
    hounslow_answers = {**answers, "topic": topics_for(other_partnership).get(name="Transport").pk}

    def send_from(address, slug="wirral", data=answers):
        client.post(reverse("feedback:tell_us", args=[slug]), data, HTTP_X_FORWARDED_FOR=address)
        return press_send(client, slug, send_token(client, slug), HTTP_X_FORWARDED_FOR=address)

    assert send_from("203.0.113.1").status_code == 302
    assert send_from("203.0.113.1").status_code == 429
    # Another family behind the same load balancer, and the same family writing to another area.
    assert send_from("203.0.113.2").status_code == 302
    assert send_from("203.0.113.1", "hounslow", hounslow_answers).status_code == 302
    # A client cannot dodge the limit by writing its own X-Forwarded-For in front of the balancer's.
    assert send_from("1.2.3.4, 203.0.113.1").status_code == 429
    assert Feedback.objects.count() == 3


# One press of Send, one item: a double tap, a retried request or a stale page never makes two.


def test_pressing_send_twice_stores_one_item_and_shows_the_same_reference(client, partnership, answers):
    client.post(reverse("feedback:tell_us", args=["wirral"]), answers)
    token = send_token(client, "wirral")
    first = press_send(client, "wirral", token)
    first_page = client.get(first["Location"]).text
    # The second tap comes after the answers were cleared from the session.
    assert "wirral" not in client.session.get("feedback_draft", {})
    second = press_send(client, "wirral", token)
    assert second.status_code == 302 and second["Location"] == reverse("feedback:sent", args=["wirral"])
    feedback = Feedback.objects.get()
    assert feedback.submission_token == token
    assert feedback.events.filter(kind="received").count() == 1
    assert feedback.display_reference in first_page
    assert feedback.display_reference in client.get(second["Location"]).text


def test_a_reload_or_a_second_tab_keeps_the_same_token_until_it_is_used(client, partnership, answers):
    client.post(reverse("feedback:tell_us", args=["wirral"]), answers)
    token = send_token(client, "wirral")
    assert send_token(client, "wirral") == token
    press_send(client, "wirral", token)
    # Something else to tell us: a new press, a new item.
    client.post(reverse("feedback:tell_us", args=["wirral"]), {**answers, "text": "And the taxi was late."})
    second_token = send_token(client, "wirral")
    assert second_token != token
    press_send(client, "wirral", second_token)
    assert Feedback.objects.count() == 2
    assert Feedback.objects.values("submission_token").distinct().count() == 2


def test_the_same_press_at_the_same_moment_finds_the_item_the_first_stored(client, partnership, answers):
    """The second arrival read the session before the first saved it: the unique token decides."""
    from feedback import services

    client.post(reverse("feedback:tell_us", args=["wirral"]), answers)
    token = send_token(client, "wirral")
    first = services.submit(
        partnership, submission_token=token, topic=topics_for(partnership).first(), text="Hello", who="parent-carer"
    )
    response = press_send(client, "wirral", token)
    assert response.status_code == 302
    assert Feedback.objects.get() == first
    assert client.session["feedback_sent"] == first.reference
    assert first.display_reference in client.get(response["Location"]).text


@pytest.mark.parametrize("token", [None, "", "not-the-token", "x" * 5000])
def test_a_send_without_its_token_is_refused_politely_and_nothing_is_lost(client, partnership, answers, token):
    client.post(reverse("feedback:tell_us", args=["wirral"]), answers)
    right = send_token(client, "wirral")
    data = {} if token is None else {"submission_token": token}
    response = client.post(reverse("feedback:check_answers", args=["wirral"]), data)
    assert response.status_code == 400
    assert not Feedback.objects.exists()
    text = response.text
    assert "<title>Error: Check your answers" in text
    assert "govuk-error-summary" in text
    assert '<a href="#send">Your answers were not sent. Check them and press Send again</a>' in text
    assert "The bus to school keeps changing without warning." in text
    # The page shown again carries the right token: pressing Send now sends.
    assert f'name="submission_token" value="{right}"' in text
    assert press_send(client, "wirral", right).status_code == 302
    assert Feedback.objects.count() == 1


def test_another_familys_token_shows_nothing_of_theirs(client, partnership, answers, feedback_item):
    feedback_item.submission_token = "their-token"
    feedback_item.save()
    client.post(reverse("feedback:tell_us", args=["wirral"]), answers)
    send_token(client, "wirral")
    response = press_send(client, "wirral", "their-token")
    assert response.status_code == 400
    assert feedback_item.display_reference not in response.text
    assert Feedback.objects.count() == 1


def test_check_answers_and_its_refusal_are_valid_html(client, partnership, answers, tmp_path):
    from tests.html_check import html_errors

    client.post(reverse("feedback:tell_us", args=["wirral"]), answers)
    url = reverse("feedback:check_answers", args=["wirral"])
    pages = {"shown": client.get(url).text, "refused": client.post(url, {"submission_token": "forged"}).text}
    assert html_errors(pages, tmp_path) == []
