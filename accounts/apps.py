from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from accounts import lockout

        # django-axes tells of a lockout only through its signal.
        user_locked_out.connect(lockout.record_lockout, dispatch_uid="accounts-record-lockout")
