from pathlib import Path

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms
from django.utils import timezone

from accounts.models import User
from charter_portal.forms import gds_helper
from projects.models import Contribution, Decision, Meeting, Member, Project


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


PAPER_TYPES = {".pdf", ".doc", ".docx", ".odt", ".png", ".jpg", ".jpeg"}
MAX_PAPER_BYTES = 10 * 1024 * 1024


class MeetingForm(forms.ModelForm):
    date = DateInputField(label="Date", help_text="For example, 14 1 2027")
    papers_sent_on = DateInputField(label="Date the agenda and papers were or will be sent (optional)", required=False)

    class Meta:
        model = Meeting
        fields = [
            "title",
            "date",
            "start",
            "end",
            "place",
            "online_link",
            "agenda",
            "papers_sent_on",
            "override_reason",
        ]
        labels = {
            "title": "What is the meeting called?",
            "start": "Start time",
            "end": "End time",
            "place": "Where (optional)",
            "online_link": "Online meeting link (optional)",
            "agenda": "Agenda (optional)",
            "override_reason": "If it does not keep the meeting standard, why go ahead?",
        }
        help_texts = {"start": "For example, 10:00", "end": "For example, 12:00"}
        error_messages = {
            "title": {"required": "Enter what the meeting is called"},
            "start": {"required": "Enter the start time", "invalid": "Enter the start time like 10:00"},
            "end": {"required": "Enter the end time", "invalid": "Enter the end time like 12:00"},
            "online_link": {"invalid": "Enter a link starting https://"},
        }

    def __init__(self, *args, stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage
        self.fields["date"].error_messages["required"] = "Enter the date of the meeting"
        self.standard = getattr(stage.project.charter, "meeting_standard", None)
        self.breaches: list[str] = []
        self.helper = gds_helper(
            Field.text("title"),
            Field("date"),
            Field.text("start", field_width=Fluid.ONE_QUARTER),
            Field.text("end", field_width=Fluid.ONE_QUARTER),
            Field.text("place"),
            Field.text("online_link"),
            Field.textarea("agenda", rows=4),
            Field("papers_sent_on"),
            Field.textarea("override_reason", rows=3),
            submit="Schedule the meeting",
        )

    def clean(self) -> dict:
        data = super().clean()
        date, start, end = data.get("date"), data.get("start"), data.get("end")
        if start and end and start >= end:
            self.add_error("end", "The end time must be after the start time")
        elif date and start and end and self.standard:
            self.breaches = self.standard.breaches(date, start, end, timezone.localdate(), data.get("papers_sent_on"))
            if self.breaches and not data.get("override_reason", "").strip():
                self.add_error(
                    "override_reason",
                    "This meeting does not keep the charter's meeting standard. "
                    "Change it, or say why you are going ahead",
                )
        return data


class AttendanceForm(forms.Form):
    attendees = forms.ModelMultipleChoiceField(
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Who came?",
        error_messages={"required": "Select who came"},
    )
    minutes = forms.CharField(label="Minutes (optional)", widget=forms.Textarea, required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = meeting.project.members.select_related("user")
        self.fields["attendees"].label_from_instance = lambda m: f"{m.user.name} ({m.get_kind_display().lower()})"
        self.helper = gds_helper(
            Field.checkboxes("attendees", legend_size=Size.SMALL, small=True),
            Field.textarea("minutes", rows=6),
            submit="Save attendance and minutes",
            form_tag=False,
            name="attendance",
        )


class PaperForm(forms.Form):
    file = forms.FileField(
        label="Add a paper",
        help_text="PDF, Word, OpenDocument text or an image, up to 10 MB.",
        error_messages={"required": "Choose a file to add"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field("file"), submit="Add paper", form_tag=False, name="paper")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in PAPER_TYPES:
            raise forms.ValidationError("The file must be a PDF, Word, OpenDocument text or image file")
        if upload.size > MAX_PAPER_BYTES:
            raise forms.ValidationError("The file must be smaller than 10 MB")
        return upload


class DecisionForm(forms.ModelForm):
    decided_on = DateInputField(label="When was it decided?", help_text="For example, 14 1 2027")

    class Meta:
        model = Decision
        fields = ["what", "decided_on", "how_input_shaped", "contributions", "feedback"]
        labels = {
            "what": "What was decided?",
            "how_input_shaped": "How did members' input shape it?",
            "contributions": "Contributions it came from (optional)",
            "feedback": "You Said, We Did feedback it came from (optional)",
        }
        widgets = {"contributions": forms.CheckboxSelectMultiple, "feedback": forms.CheckboxSelectMultiple}
        error_messages = {
            "what": {"required": "Enter what was decided"},
            "how_input_shaped": {"required": "Say how members' input shaped the decision"},
        }

    def __init__(self, *args, stage, **kwargs):
        super().__init__(*args, **kwargs)
        project = stage.project
        self.fields["decided_on"].error_messages["required"] = "Enter when it was decided"
        self.fields["contributions"].queryset = Contribution.objects.filter(stage__project=project).select_related(
            "member__user", "stage"
        )
        self.fields["contributions"].label_from_instance = lambda c: (
            f"{c.member.user.name}, {c.stage.get_stage_display()}: {c.text[:80]}"
        )
        self.fields["feedback"].queryset = project.feedback.all()
        self.fields["feedback"].label_from_instance = lambda f: f"{f.display_reference}: {f.text[:80]}"
        layout = [Field.textarea("what", rows=3), Field("decided_on"), Field.textarea("how_input_shaped", rows=4)]
        if self.fields["contributions"].queryset.exists():
            layout.append(Field.checkboxes("contributions", legend_size=Size.SMALL, small=True))
        else:
            del self.fields["contributions"]
        if self.fields["feedback"].queryset.exists():
            layout.append(Field.checkboxes("feedback", legend_size=Size.SMALL, small=True))
        else:
            del self.fields["feedback"]
        self.helper = gds_helper(*layout, submit="Record the decision")


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Invite someone by email",
        help_text="They get a link to join. If they have no account, the link lets them make one.",
        error_messages={
            "required": "Enter the email address to invite",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.helper = gds_helper(
            Field.text("email", field_width=Fluid.TWO_THIRDS), submit="Send invitation", form_tag=False, name="invite"
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if self.project.members.filter(user__email__iexact=email).exists():
            raise forms.ValidationError("This person is already a member")
        return email
