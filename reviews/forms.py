from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from charter_portal.forms import (
    REASON_LENGTH,
    ModelMultipleChoiceField,
    PortalForm,
    PortalModelForm,
    ReasonForm,
    as_text,
    gds_helper,
    need_reason,
    optional_checkboxes,
)
from charter_portal.periods import PeriodForm
from reviews.models import Answer, CaseStudy, PrincipleAssessment, Rating, ReviewAnswer, SignOff


class ReviewForm(PortalForm):
    """The charter's review questions, grouped by its sections, on one page. Open questions
    ("How was everyone included?") are answered in words; the rest yes, partly, no or not sure."""

    may_quote = forms.BooleanField(required=False, label="You may quote my comments in a case study, without my name")

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        sections: dict[str, list] = {}
        for question in self.questions:
            fields = sections.setdefault(question.section, [])
            if question.in_words:
                self.fields[f"comment_{question.pk}"] = forms.CharField(
                    label=as_text(question.text),
                    widget=forms.Textarea,
                    max_length=2000,
                    error_messages={
                        "required": f"Answer “{question.text}”",
                        "max_length": "Your answer must be 2,000 characters or fewer",
                    },
                )
                fields.append(Field.textarea(f"comment_{question.pk}", rows=3, label_size=Size.SMALL))
                continue
            self.fields[f"answer_{question.pk}"] = forms.ChoiceField(
                label=as_text(question.text),
                choices=Answer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Answer “{question.text}”"},
            )
            self.fields[f"comment_{question.pk}"] = forms.CharField(
                label="Anything to add? (optional)",
                widget=forms.Textarea,
                required=False,
                max_length=2000,
                error_messages={"max_length": "Your comment must be 2,000 characters or fewer"},
            )
            fields.extend(
                [
                    Field.radios(f"answer_{question.pk}", legend_size=Size.SMALL, small=True),
                    Field.textarea(f"comment_{question.pk}", rows=2),
                ]
            )
        layout = [
            Fieldset(*fields, legend=as_text(section), legend_size=Size.MEDIUM) for section, fields in sections.items()
        ]
        self.helper = gds_helper(*layout, Field.checkbox("may_quote"), submit="Save my answers")

    def answers(self) -> dict:
        return {
            q: (self.cleaned_data.get(f"answer_{q.pk}", ""), self.cleaned_data[f"comment_{q.pk}"].strip())
            for q in self.questions
        }


class AssessmentForm(PortalModelForm):
    class Meta:
        model = PrincipleAssessment
        fields = ["rating", "evidence", "decisions", "meetings", "feedback"]
        labels = {
            "rating": "Was the principle met?",
            "evidence": "What shows it?",
            "decisions": "Decisions that show it (optional)",
            "meetings": "Meetings that show it (optional)",
            "feedback": "You Said, We Did feedback that shows it (optional)",
        }
        widgets = {
            "rating": forms.RadioSelect,
            "decisions": forms.CheckboxSelectMultiple,
            "meetings": forms.CheckboxSelectMultiple,
            "feedback": forms.CheckboxSelectMultiple,
        }
        field_classes = {
            "decisions": ModelMultipleChoiceField,
            "meetings": ModelMultipleChoiceField,
            "feedback": ModelMultipleChoiceField,
        }
        error_messages = {
            "rating": {"required": "Select whether the principle was met"},
            "evidence": {"required": "Say what shows it"},
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = Rating.choices
        self.fields["decisions"].queryset = project.decisions.all()
        # Only meetings that took place are evidence.
        self.fields["meetings"].queryset = project.meetings.filter(held=True, cancelled_at__isnull=True)
        self.fields["meetings"].label_from_instance = lambda m: f"{m.title}, {date_format(m.date, 'j F Y')}"
        self.fields["feedback"].queryset = project.feedback.all()
        self.fields["feedback"].label_from_instance = lambda f: f"{f.display_reference}: {f.you_said or f.topic}"
        layout = [Field.radios("rating", legend_size=Size.SMALL), Field.textarea("evidence", rows=4)]
        optional_checkboxes(self, layout, "decisions", "meetings", "feedback")
        self.helper = gds_helper(*layout, submit="Save the assessment")


class CommentForm(PortalForm):
    text = forms.CharField(
        label="Your comment",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter your comment"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.textarea("text", rows=3), submit="Add comment")


class SignOffForm(PortalForm):
    decision = forms.ChoiceField(
        label="Your group's answer",
        choices=[
            (SignOff.Decision.SIGNED, "Sign off the kite mark"),
            (SignOff.Decision.DECLINED, "Decline, and say why"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you sign off or decline"},
    )
    reason = forms.CharField(
        label="Why are you declining? (needed if you decline)",
        help_text="The project sees this, so it can put it right.",
        widget=forms.Textarea,
        required=False,
        max_length=REASON_LENGTH,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.radios("decision", legend_size=Size.SMALL),
            Field.textarea("reason", rows=3),
            submit="Send answer",
            form_tag=False,
            name="sign-off",
        )

    def clean(self) -> dict:
        data = super().clean()
        need_reason(self, data.get("decision") == SignOff.Decision.DECLINED, "Say why you are declining")
        return data


def withdraw_form(data=None) -> ReasonForm:
    return ReasonForm(
        data,
        label="Why is the application withdrawn?",
        help_text="The forum leads and the project's members see this on the kite-mark page.",
        required="Say why the application is withdrawn",
        submit="Withdraw the application",
        name="withdraw",
        warning=True,
    )


def revoke_form(data=None) -> ReasonForm:
    return ReasonForm(
        data,
        auto_id="revoke-%s",
        label="Why is the kite mark revoked?",
        help_text="This is shown on the public verification page.",
        required="Say why the kite mark is revoked",
        submit="Revoke the kite mark",
        name="revoke",
        warning=True,
    )


class CaseStudyForm(PortalModelForm):
    class Meta:
        model = CaseStudy
        fields = ["summary", "quotes"]
        labels = {"summary": "Summary of the project", "quotes": "Quotes to include (optional)"}
        help_texts = {"quotes": "Only comments whose authors agreed to be quoted are offered. Names are never shown."}
        widgets = {"quotes": forms.CheckboxSelectMultiple}
        field_classes = {"quotes": ModelMultipleChoiceField}
        error_messages = {"summary": {"required": "Write a summary of the project"}}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quotes"].queryset = (
            ReviewAnswer.objects.filter(project=project, may_quote=True).exclude(comment="").select_related("member")
        )
        self.fields["quotes"].label_from_instance = lambda a: f"“{a.comment}” ({a.member.get_kind_display().lower()})"
        layout = [Field.textarea("summary", rows=6)]
        optional_checkboxes(self, layout, "quotes")
        self.helper = gds_helper(*layout, submit="Publish the case study")


class EvidencePackForm(PeriodForm):
    """The period an evidence pack covers: made on POST, as making one is an action, not a view."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper("start", "end", submit="Make the pack", name="make")

    def clean(self):
        data = super().clean()
        start = data.get("start")
        if start and start > timezone.localdate() and not self.has_error("start"):
            self.add_error("start", "The period must start today or earlier: a pack shows what has happened")
        return data
