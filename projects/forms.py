import datetime
import re
import zipfile
from pathlib import Path

import filetype
from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, Field, Fluid, Size
from django import forms
from django.utils import timezone
from django.utils.html import format_html

from accounts.models import User
from charter_portal.forms import (
    REASON_LENGTH,
    DateInputField,
    ModelMultipleChoiceField,
    PortalForm,
    PortalModelForm,
    ReasonForm,
    TimeField,
    about_someone_else,
    as_text,
    gds_helper,
    mark_errors,
    not_after_today,
    one_line,
    optional_checkboxes,
)
from charters.models import Organisation, ParticipationLevel
from projects.models import Contribution, Decision, Meeting, Member, Project

DOING_TO_WARNING = (
    "is a way of doing things to families, not with them: it is not co-production. "
    "Tick the box to confirm you still want it, or choose another way of working"
)


class ProjectForm(PortalModelForm):
    """Start a project, or change its details: the charter's start-up questions agreed at the start."""

    target_date = DateInputField(label="Target date (optional)", required=False, help_text="For example, 31 3 2027")
    confirm_doing_to = forms.BooleanField(
        label="I understand this way of working is not co-production, and we still choose it",
        required=False,
    )
    reason = forms.CharField(
        label="Why are the details changing?",
        help_text="Need is complete, so the reason is kept on the project's timeline.",
        widget=forms.Textarea,
        max_length=REASON_LENGTH,
        required=False,
    )

    class Meta:
        model = Project
        fields = ["title", "summary", "improvement_priority", "plan_outcome", "target_date", "level", "level_reason"]
        labels = {
            "plan_outcome": "Which outcome of the charter's development plan does it work towards? (optional)",
            "title": "Project name",
            "summary": "What is the project about?",
            "improvement_priority": "Improvement priority it links to (optional)",
            "level": "How will you work together?",
            "level_reason": "Why this way of working?",
        }
        help_texts = {
            "summary": "Say what should change for children, young people and families.",
            "level_reason": "The charter asks every project to agree its level at the start, and the reason for it.",
        }
        widgets = {"level": forms.RadioSelect, "plan_outcome": forms.RadioSelect}
        error_messages = {
            "title": {"required": "Enter the project's name", "max_length": "The name must be 200 characters or fewer"},
            "summary": {"required": "Say what the project is about"},
            "improvement_priority": {"max_length": "The improvement priority must be 200 characters or fewer"},
            "level": {"required": "Select how you will work together"},
            "level_reason": {"required": "Say why you chose this way of working"},
        }

    def __init__(self, *args, charter, need_complete: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.charter = charter
        self.need_complete = need_complete
        levels = list(charter.levels.all())
        self.fields["level"].queryset = charter.levels.all()
        self.fields["level"].empty_label = None
        self.fields["level"].choices = [Choice(level.pk, level.name, hint=level_hint(level)) for level in levels]
        self.fields["summary"].max_length = 5000
        self.fields["level_reason"].max_length = 2000
        notes = charter.borrowed_notes
        if "levels" in notes:
            self.fields["level"].help_text = notes["levels"]
        layout = [
            Field.text("title"),
            Field.textarea("summary", rows=4, max_characters=5000),
            Field.text("improvement_priority"),
        ]
        outcomes = list(charter.plan.all())
        if outcomes:
            field = self.fields["plan_outcome"]
            field.queryset = charter.plan.all()
            field.choices = [("", "None of them"), *((o.pk, o.outcome) for o in outcomes)]
            field.error_messages["invalid_choice"] = "Choose an outcome of this charter's development plan"
            layout.append(Field.radios("plan_outcome", legend_size=Size.SMALL, small=True))
        else:
            del self.fields["plan_outcome"]
        layout += [Field("target_date"), Field.radios("level", legend_size=Size.MEDIUM)]
        if any(level.group == ParticipationLevel.Group.DOING_TO for level in levels):
            layout.append(Field.checkbox("confirm_doing_to"))
        else:
            del self.fields["confirm_doing_to"]
        layout.append(Field.textarea("level_reason", rows=3))
        answers = self.instance.considerations if self.instance.pk else {}
        if "considerations" in notes:
            layout.append(HTML(format_html('<div class="govuk-inset-text">{}</div>', notes["considerations"])))
        for consideration in charter.considerations.exclude(key="level"):
            name = f"consideration_{consideration.key}"
            self.fields[name] = forms.CharField(
                label=as_text(consideration.name),
                help_text=as_text(consideration.question),
                widget=forms.Textarea,
                max_length=2000,
                initial=answers.get(consideration.key, ""),
                error_messages={"required": f"Answer the question about {consideration.name.lower()}"},
            )
            layout.append(Field.textarea(name, rows=3))
        if need_complete:
            layout.append(Field.textarea("reason", rows=3))
        else:
            del self.fields["reason"]
        submit = "Save the changes" if self.instance.pk else "Start the project"
        self.helper = gds_helper(*layout, submit=submit)

    def clean_title(self) -> str:
        return one_line(self.cleaned_data["title"])

    def clean_improvement_priority(self) -> str:
        return one_line(self.cleaned_data["improvement_priority"])

    def clean(self) -> dict:
        data = super().clean()
        level = data.get("level")
        if level and level.group == ParticipationLevel.Group.DOING_TO and not data.get("confirm_doing_to"):
            self.add_error("confirm_doing_to", f"{level.name} {DOING_TO_WARNING}")
        if self.need_complete and self.has_changed() and not data.get("reason", "").strip():
            self.add_error("reason", "Say why the details are changing")
        return data

    def considerations(self) -> dict[str, str]:
        prefix = "consideration_"
        return {k[len(prefix) :]: v for k, v in self.cleaned_data.items() if k.startswith(prefix)}

    def project_fields(self) -> dict:
        """The project's own fields, as the services take them."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


def level_hint(level: ParticipationLevel) -> str:
    """A way of working's description from the charter, and whether it can earn the kite mark."""
    parts = [level.description] if level.description else []
    if level.kite_mark:
        parts.append("This way of working can earn the co-production kite mark.")
    if level.group == ParticipationLevel.Group.DOING_TO:
        parts.append("This is doing to families, not co-production.")
    return " ".join(parts)


class AddMemberForm(PortalForm):
    user = forms.ModelChoiceField(
        queryset=User.objects.none(), label="Person", error_messages={"required": "Select a person to add"}
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        taken = project.members.current().values_list("user_id", flat=True)
        self.fields["user"].queryset = (
            User.objects.filter(partnership=project.partnership, is_active=True, email_confirmed=True)
            .exclude(pk__in=taken)
            .order_by("name")
        )
        self.fields["user"].empty_label = "Select a person"
        self.fields["user"].label_from_instance = lambda user: f"{user.name} ({user.get_role_display().lower()})"
        self.helper = gds_helper(Field.select("user"), submit="Add to the project", form_tag=False, name="add-member")


class ContributionForm(PortalModelForm):
    class Meta:
        model = Contribution
        fields = ["kind", "text"]
        labels = {"kind": "What is it?", "text": "Your comment, idea or concern"}
        help_texts = {"text": "Everyone in the project can read it."}
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "kind": {"required": "Select whether it is a comment, idea or concern"},
            "text": {
                "required": "Enter your comment, idea or concern",
                "max_length": "Your comment must be 5,000 characters or fewer",
            },
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


class SummaryForm(PortalForm):
    summary = forms.CharField(
        label="Summary of this stage",
        widget=forms.Textarea,
        required=False,
        max_length=20000,
        error_messages={"max_length": "The summary must be 20,000 characters or fewer"},
    )
    # Which saved summary this one changes: never typed, so only a page out of date gets it wrong.
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        max_value=2**31 - 1,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"),
            "This page was out of date. Your text is below: copy it, open the stage again and try again",
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.textarea("summary", rows=6),
            Field("version"),
            submit="Save summary",
            form_tag=False,
            name="save-summary",
        )


class CompleteForm(PortalForm):
    override_reason = forms.CharField(
        label="If no family member has taken part, say why you are going ahead",
        widget=forms.Textarea,
        required=False,
        max_length=REASON_LENGTH,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.textarea("override_reason", rows=3), submit="Complete this stage", form_tag=False, name="complete"
        )


def reopen_form(data=None) -> ReasonForm:
    return ReasonForm(
        data,
        label="Why reopen this stage?",
        required="Say why the stage is being reopened",
        submit="Reopen this stage",
        name="reopen",
    )


def cancel_meeting_form(data=None) -> ReasonForm:
    return ReasonForm(
        data,
        label="Why is it cancelled?",
        required="Say why the meeting is cancelled",
        submit="Cancel the meeting",
        name="cancel-meeting",
        warning=True,
    )


class MeetingForm(PortalModelForm):
    """Schedule a meeting ahead, or change one before it starts (`instance`)."""

    date = DateInputField(label="Date", help_text="For example, 14 1 2027")
    start = TimeField(what="a start time", label="Start time", help_text="For example, 10am or 10:30am")
    end = TimeField(what="an end time", label="End time", help_text="For example, midday or 2:30pm")

    class Meta:
        model = Meeting
        fields = ["title", "date", "start", "end", "place", "online_link", "agenda", "override_reason"]
        labels = {
            "title": "What is the meeting called?",
            "place": "Where (optional)",
            "online_link": "Online meeting link (optional)",
            "agenda": "Agenda (optional)",
            "override_reason": "If it does not keep the meeting standard, why go ahead?",
        }
        # The GOV.UK pack styles text inputs only: the link is given the class itself (times are
        # TimeField's own), full width as a link can be long.
        widgets = {"online_link": forms.URLInput(attrs={"class": "govuk-input", "spellcheck": "false"})}
        error_messages = {
            "title": {
                "required": "Enter what the meeting is called",
                "max_length": "The name must be 200 characters or fewer",
            },
            "place": {"max_length": "The place must be 300 characters or fewer"},
            "online_link": {
                "invalid": "Enter a link starting https://",
                "max_length": "The link must be 500 characters or fewer",
            },
            "agenda": {"max_length": "The agenda must be 5,000 characters or fewer"},
            "override_reason": {"max_length": "The reason must be 1,000 characters or fewer"},
        }

    past = False

    def __init__(self, *args, stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage
        self.fields["date"].error_messages["required"] = "Enter the date of the meeting"
        self.standard = getattr(stage.project.charter, "meeting_standard", None)
        self.breaches: list[str] = []
        self.helper = gds_helper(*self.layout(), submit=self.submit_label())

    def layout(self) -> list:
        return [
            Field.text("title"),
            Field("date"),
            Field("start"),
            Field("end"),
            Field.text("place"),
            Field.text("online_link"),
            Field.textarea("agenda", rows=4),
            Field.textarea("override_reason", rows=3),
        ]

    def submit_label(self) -> str:
        return "Save the changes" if self.instance.pk else "Schedule the meeting"

    def booked_on(self, date):
        """A changed date counts as booking the meeting again, today; other changes keep the booking date."""
        if self.instance.pk and self.instance.date == date:
            return self.instance.booked_on
        return timezone.localdate()

    def full_clean(self) -> None:
        super().full_clean()
        mark_errors(self)

    def clean_title(self) -> str:
        return one_line(self.cleaned_data["title"])

    def clean_place(self) -> str:
        return one_line(self.cleaned_data["place"])

    def clean(self) -> dict:
        data = super().clean()
        date, start, end = data.get("date"), data.get("start"), data.get("end")
        if start and end and start >= end:
            self.add_error("end", "The end time must be after the start time")
            return data
        if not (date and start and end):
            return data
        starts_at = datetime.datetime.combine(date, start, tzinfo=timezone.get_current_timezone())
        if self.past and starts_at > timezone.now():
            self.add_error("date", "The meeting must have already taken place. To book a meeting ahead, schedule it")
            return data
        if not self.past and starts_at <= timezone.now():
            self.add_error(
                "date",
                "The meeting must be in the future. To record one that already took place, go back to the stage "
                "and choose “Record a meeting that already took place”",
            )
            return data
        if self.standard:
            booked_on = None if self.past else self.booked_on(date)
            self.breaches = self.standard.breaches(date, start, end, booked_on)
            if self.breaches and not data.get("override_reason", "").strip():
                self.add_error(
                    "override_reason",
                    "This meeting does not keep the charter's meeting standard. "
                    "Change it, or say why you are going ahead"
                    if not self.past
                    else "This meeting did not keep the charter's meeting standard. Say why",
                )
        return data

    def meeting_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["standard_breaches"] = self.breaches
        if not self.breaches:
            fields["override_reason"] = ""
        if not self.past:
            fields["booked_on"] = self.booked_on(fields["date"])
        return fields


def attendees_field() -> ModelMultipleChoiceField:
    """Who came to a meeting: the project's current members (the form sets its queryset)."""
    return ModelMultipleChoiceField(
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Who came?",
        error_messages={"required": "Select who came"},
    )


def minutes_field() -> forms.CharField:
    return forms.CharField(
        label="Minutes (optional)",
        widget=forms.Textarea,
        required=False,
        max_length=20000,
        error_messages={"max_length": "The minutes must be 20,000 characters or fewer"},
    )


def attendee_label(member: Member) -> str:
    return f"{member.user.name} ({member.get_kind_display().lower()})"


class PastMeetingForm(MeetingForm):
    """A meeting that already took place, with who came: its own action."""

    class Meta(MeetingForm.Meta):
        fields = ["title", "date", "start", "end", "place", "online_link", "override_reason"]

    past = True
    attendees = attendees_field()
    minutes = minutes_field()

    def __init__(self, *args, stage, **kwargs):
        super().__init__(*args, stage=stage, **kwargs)
        self.fields["attendees"].queryset = stage.project.members.current().select_related("user")
        self.fields["attendees"].label_from_instance = attendee_label
        self.fields["override_reason"].label = "If it did not keep the meeting standard, why?"

    def layout(self) -> list:
        fields = [f for f in super().layout() if "agenda" not in f.fields]
        return [
            *fields,
            Field.checkboxes("attendees", legend_size=Size.SMALL, small=True),
            Field.textarea("minutes", rows=6),
        ]

    def submit_label(self) -> str:
        return "Record the meeting"

    def meeting_fields(self) -> dict:
        return {
            **super().meeting_fields(),
            "attendees": self.cleaned_data["attendees"],
            "minutes": self.cleaned_data["minutes"],
        }


class AttendanceForm(PortalForm):
    attendees = attendees_field()
    minutes = minutes_field()

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = meeting.project.members.current().select_related("user")
        self.fields["attendees"].label_from_instance = attendee_label
        self.helper = gds_helper(
            Field.checkboxes("attendees", legend_size=Size.SMALL, small=True),
            Field.textarea("minutes", rows=6),
            submit="Save attendance and minutes",
            form_tag=False,
            name="attendance",
        )


# What each kind of paper must be by its first bytes (the filetype library's signatures), and its name.
PAPER_TYPES = {
    ".pdf": ({"pdf"}, "a PDF"),
    ".doc": ({"doc"}, "a Word document"),
    ".docx": ({"docx", "zip"}, "a Word document"),
    ".odt": ({"odt", "zip"}, "an OpenDocument text document"),
    ".png": ({"png"}, "a PNG image"),
    ".jpg": ({"jpg"}, "a JPEG image"),
    ".jpeg": ({"jpg"}, "a JPEG image"),
    ".gif": ({"gif"}, "a GIF image"),
}
MAX_PAPER_BYTES = 10 * 1024 * 1024
MAX_NAME_STEM = 80
PAPER_KINDS = "a PDF, a Word or OpenDocument text file, or a PNG, JPEG or GIF image"


ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"


def _is_office_document(upload, extension: str) -> bool:
    """A .docx or .odt is a zip file with the right manifest inside, not any zip file."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if extension == ".docx":
                return "[Content_Types].xml" in names and "word/document.xml" in names
            if "mimetype" not in names:
                return False
            # Read only as much as the right answer needs: the entry could unpack to gigabytes.
            with archive.open("mimetype") as entry:
                mimetype = entry.read(len(ODT_MIMETYPE) + 1).decode("ascii", "replace").strip()
            return mimetype == ODT_MIMETYPE
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, KeyError, EOFError):
        return False
    finally:
        upload.seek(0)


def paper_name(name: str) -> str:
    """The file's own name, without folders or control characters, shortened to keep its extension."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip()
    path = Path(base)
    stem, suffix = path.stem.strip(), path.suffix.lower()
    return f"{stem[:MAX_NAME_STEM].rstrip() or 'paper'}{suffix}"


class PaperForm(PortalForm):
    file = forms.FileField(
        label="Add a paper",
        help_text="PDF, Word, OpenDocument text or an image (PNG, JPEG or GIF), up to 10 MB.",
        error_messages={
            "required": "Choose a file to add",
            "empty": "The file is empty: choose the paper again",
            "invalid": "Choose a file to add",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field("file"), submit="Add paper", form_tag=False, name="add-paper")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = paper_name(upload.name or "")
        extension = Path(name).suffix
        if extension not in PAPER_TYPES:
            raise forms.ValidationError(f"The file must be {PAPER_KINDS}")
        if upload.size > MAX_PAPER_BYTES:
            raise forms.ValidationError("The file must be smaller than 10 MB")
        head = upload.read(8192)
        upload.seek(0)
        kind = filetype.guess(head)
        signatures, noun = PAPER_TYPES[extension]
        if kind is None or kind.extension not in signatures:
            raise forms.ValidationError(
                f"The file’s name says it is {noun}, but its contents are something else. "
                f"Save it again as {PAPER_KINDS}"
            )
        if extension in (".docx", ".odt") and not _is_office_document(upload, extension):
            raise forms.ValidationError(
                f"The file’s name says it is {noun}, but it is not one inside. Save it again from your word processor"
            )
        self.paper_name = name
        return upload


class DecisionForm(PortalModelForm):
    decided_on = DateInputField(label="When was it decided?", help_text="For example, 14 1 2027")
    # The link is kept on the feedback's side (feedback.Feedback.decisions); the form offers it here.
    feedback = ModelMultipleChoiceField(
        queryset=Contribution.objects.none(),
        label="You Said, We Did feedback it came from (optional)",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Decision
        fields = ["what", "decided_on", "how_input_shaped", "contributions"]
        labels = {
            "what": "What was decided?",
            "how_input_shaped": "How did members' input shape it?",
            "contributions": "Contributions it came from (optional)",
        }
        widgets = {"contributions": forms.CheckboxSelectMultiple}
        field_classes = {"contributions": ModelMultipleChoiceField}
        error_messages = {
            "what": {
                "required": "Enter what was decided",
                "max_length": "The decision must be 2,000 characters or fewer",
            },
            "how_input_shaped": {
                "required": "Say how members' input shaped the decision",
                "max_length": "This must be 5,000 characters or fewer",
            },
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
        if self.instance.pk:
            self.fields["feedback"].initial = list(self.instance.feedback.values_list("pk", flat=True))
        layout = [Field.textarea("what", rows=3), Field("decided_on"), Field.textarea("how_input_shaped", rows=4)]
        optional_checkboxes(self, layout, "contributions", "feedback")
        self.helper = gds_helper(*layout, submit="Save the changes" if self.instance.pk else "Record the decision")

    def clean_decided_on(self):
        return not_after_today(self.cleaned_data["decided_on"], "The date it was decided")


class InviteForm(PortalForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="They get a link to join. If they have no account, the link lets them make one with this address.",
        error_messages={
            "required": "Enter the email address to invite",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "The email address must be 254 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="How will they take part?",
        choices=[
            Choice(Member.Kind.FAMILY, "As a family member", hint="A parent, carer or young person."),
            Choice(
                Member.Kind.PROFESSIONAL,
                "As a professional",
                hint="Someone who works for a school, service or organisation of the partnership.",
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they take part as a family member or a professional"},
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Their organisation (for professionals)",
        required=False,
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        about_someone_else(self)
        self.project = project
        self.fields["organisation"].queryset = Organisation.objects.filter(partnership=project.partnership)
        self.fields["organisation"].empty_label = "Select an organisation"
        self.helper = gds_helper(
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.select("organisation"),
            submit="Send invitation",
            form_tag=False,
            name="invite",
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if self.project.members.current().filter(user__email__iexact=email).exists():
            raise forms.ValidationError("This person is already a member")
        return email

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") == Member.Kind.PROFESSIONAL and not data.get("organisation"):
            self.add_error("organisation", "Select the organisation the professional works for")
        return data
