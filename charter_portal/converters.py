"""The one path converter for words in an address (a charter version, a reference, a link's token):
like Django's `str`, but no control characters, so a NUL byte (which PostgreSQL cannot even compare)
is a 404 like any other address that does not exist."""

from django.urls import register_converter


class TextConverter:
    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def register() -> None:
    register_converter(TextConverter, "text")
