from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "You Said, We Did"

    def ready(self) -> None:
        from accounts.signals import email_confirmed
        from feedback.services import claim_feedback

        email_confirmed.connect(claim_feedback, dispatch_uid="feedback.claim_feedback")
