from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Size
from django import forms

from accounts.models import User
from charter_portal.forms import gds_helper
from projects.models import Contribution, Project


class ProjectForm(forms.ModelForm):
    target_date = DateInputField(label="Target date (optional)", required=False, help_text="For example, 31 3 2027")

    class Meta:
        model = Project
        fields = ["title", "summary", "improvement_priority", "target_date", "level", "level_reason"]
        labels = {
            "title": "Project name",
            "summary": "What is the project about?",
            "improvement_priority": "Improvement priority it links to (optional)",
            "level": "How will you work together?",
            "level_reason": "Why this way of working?",
        }
        help_texts = {
            "level_reason": "The charter asks every project to agree its level at the start, and the reason for it.",
        }
        widgets = {"level": forms.RadioSelect}
        error_messages = {
            "title": {"required": "Enter the project's name"},
            "summary": {"required": "Say what the project is about"},
            "level": {"required": "Select how you will work together"},
            "level_reason": {"required": "Say why you chose this way of working"},
        }

    def __init__(self, *args, charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.charter = charter
        self.fields["level"].queryset = charter.levels.all()
        self.fields["level"].empty_label = None
        self.fields["level"].label_from_instance = lambda level: level.name
        layout = [
            Field.text("title"),
            Field.textarea("summary", rows=4),
            Field.text("improvement_priority"),
            Field("target_date"),
            Field.radios("level", legend_size=Size.MEDIUM),
            Field.textarea("level_reason", rows=3),
        ]
        for consideration in charter.considerations.exclude(key="level"):
            name = f"consideration_{consideration.key}"
            self.fields[name] = forms.CharField(
                label=consideration.name,
                help_text=consideration.question,
                widget=forms.Textarea,
                error_messages={"required": f"Answer the question about {consideration.name.lower()}"},
            )
            layout.append(Field.textarea(name, rows=3))
        self.helper = gds_helper(*layout, submit="Start the project")

    def considerations(self) -> dict[str, str]:
        prefix = "consideration_"
        return {k[len(prefix) :]: v for k, v in self.cleaned_data.items() if k.startswith(prefix)}


class AddMemberForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=User.objects.none(), label="Person", error_messages={"required": "Select a person to add"}
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        taken = project.members.values_list("user_id", flat=True)
        self.fields["user"].queryset = (
            User.objects.filter(partnership=project.partnership, is_active=True).exclude(pk__in=taken).order_by("name")
        )
        self.fields["user"].empty_label = "Select a person"
        self.fields["user"].label_from_instance = lambda user: f"{user.name} ({user.get_role_display().lower()})"
        self.helper = gds_helper(Field.select("user"), submit="Add to the project")


class ContributionForm(forms.ModelForm):
    class Meta:
        model = Contribution
        fields = ["kind", "text"]
        labels = {"kind": "What is it?", "text": "Your comment, idea or concern"}
        help_texts = {"text": "Everyone in the project can read it."}
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "kind": {"required": "Select whether it is a comment, idea or concern"},
            "text": {"required": "Enter your comment, idea or concern"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Contribution.Kind.choices
        self.helper = gds_helper(
            Field.radios("kind", legend_size=Size.SMALL),
            Field.textarea("text", rows=4, max_characters=5000),
            submit="Add",
            form_tag=False,
            name="contribute",
        )


class SummaryForm(forms.Form):
    summary = forms.CharField(label="Summary of this stage", widget=forms.Textarea, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.textarea("summary", rows=6), Field("version"), submit="Save summary", form_tag=False, name="summary"
        )


class CompleteForm(forms.Form):
    override_reason = forms.CharField(
        label="If no family member has taken part, say why you are going ahead",
        widget=forms.Textarea,
        required=False,
        max_length=250,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.textarea("override_reason", rows=3), submit="Complete this stage", form_tag=False, name="complete"
        )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why reopen this stage?",
        widget=forms.Textarea,
        max_length=250,
        error_messages={"required": "Say why the stage is being reopened"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.textarea("reason", rows=3), submit="Reopen this stage", form_tag=False, name="reopen"
        )
