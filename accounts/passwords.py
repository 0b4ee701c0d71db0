"""The password rules, in plain words: Django's own checks, saying what to do the GOV.UK way
("Your password must be 10 characters or more") rather than Django's ("This password is too short.
It must contain at least 10 characters."). settings.AUTH_PASSWORD_VALIDATORS names these."""

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"Your password must be {self.min_length:,} characters or more"

    def get_help_text(self) -> str:
        return f"Your password must be {self.min_length:,} characters or more."


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    # Our people have a name and an email address, not Django's username, first and last names.
    DEFAULT_USER_ATTRIBUTES = ("name", "email")

    def __init__(self, user_attributes=DEFAULT_USER_ATTRIBUTES, max_similarity: float = 0.7):
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def get_error_message(self) -> str:
        return "Choose a password that is not like your name or email address"

    def get_help_text(self) -> str:
        return "It must not be like your name or email address."


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "Choose a password that is harder to guess"

    def get_help_text(self) -> str:
        return "It must not be a password many people use."


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "Your password must have letters in it, not only numbers"

    def get_help_text(self) -> str:
        return "It must not be only numbers."


def password_hint() -> str:
    """The hint under a new password: its length, from the rules in force, and how to make it easy."""
    lengths = [
        rule.min_length
        for rule in password_validation.get_default_password_validators()
        if isinstance(rule, password_validation.MinimumLengthValidator)
    ]
    first = f"Use at least {max(lengths):,} characters. " if lengths else ""
    return f"{first}A few words together are easy to remember."
