from django.apps import AppConfig


class CharterPortalConfig(AppConfig):
    """The pieces every part of the portal shares: layout, pages, template tags."""

    name = "charter_portal"
    verbose_name = "Charter Portal"

    def ready(self) -> None:
        from charter_portal import converters

        converters.register()
