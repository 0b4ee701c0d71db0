import pytest
from django.core.management import CommandError, call_command

from accounts.models import Role, User


def make(*args):
    call_command("create_user", *args, "--password", "a long enough phrase")


def test_makes_an_officer_in_an_organisation(officer, partnership):
    make(
        "nurse@example.org",
        "--name",
        "Lee",
        "--role",
        "officer",
        "--partnership",
        partnership.slug,
        "--organisation",
        officer.organisation.name,
    )
    user = User.objects.get(email="nurse@example.org")
    assert (user.role, user.partnership, user.organisation) == (
        Role.OFFICER,
        partnership,
        officer.organisation,
    )
    assert user.check_password("a long enough phrase")
    assert user.events.get().what == "Account made from the command line as Officer"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--partnership", "nowhere"], "There is no partnership"),
        (["--organisation", "Nobody Ltd"], "has no organisation"),
        ([], "need --organisation"),
    ],
)
def test_bad_arguments_are_explained(partnership, args, message):
    base = {"--name": "Lee", "--role": "officer", "--partnership": partnership.slug}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    with pytest.raises(CommandError, match=message):
        make("nurse@example.org", *[part for pair in base.items() for part in pair])


def test_an_existing_email_is_refused(family, partnership):
    with pytest.raises(CommandError, match="already exists"):
        make(family.email.upper(), "--name", "X", "--role", "admin", "--partnership", partnership.slug)


def test_a_weak_password_is_refused(partnership):
    with pytest.raises(CommandError, match="Your password must be 10 characters or more"):
        call_command(
            "create_user",
            "a@example.org",
            "--name",
            "A",
            "--role",
            "admin",
            "--partnership",
            partnership.slug,
            "--password",
            "short",
        )
