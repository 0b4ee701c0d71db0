from django.apps import AppConfig


class ChartersConfig(AppConfig):
    name = "charters"
    verbose_name = "Partnerships and charters"
