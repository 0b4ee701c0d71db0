import secrets

from crispy_forms_gds.layout import HTML, Field, Fieldset, Fluid, Size
from django import forms
from django.utils.crypto import constant_time_compare

from accounts.models import User
from charter_portal.forms import (
    DateInputField,
    PortalForm,
    PortalModelForm,
    about_someone_else,
    about_yourself,
    ask_for,
    gds_helper,
    need_reason,
    not_after_today,
    one_line,
)
from charters.models import Charter, Principle
from feedback.models import Feedback, QueueOrder, Topic, clean_reference
from feedback.privacy import publishing_problems
from projects.models import Project

MAX_TEXT = 5000


def topics_for(partnership):
    if not Topic.objects.filter(partnership=partnership).exists():
        Topic.create_defaults(partnership)
    return Topic.objects.filter(partnership=partnership, active=True)


def principles_for(partnership):
    return Principle.objects.filter(charter__partnership=partnership, charter__status=Charter.Status.PUBLISHED)


# However many projects or officers an area has, a list shows only a few: nobody scrolls 800 names
# on a phone. Any other is found by typing its name, which works without JavaScript.
LISTED = 12


def offer_a_few(form, name: str, choices, listed: list, empty_label: str, label=str) -> None:
    """The `name` choice lists `listed` (and the one already chosen); the `<name>_name` box finds
    any other of `choices`, which all stay valid answers."""
    field = form.fields[name]
    field.queryset = choices
    field.empty_label = empty_label
    listed = with_chosen(listed, choices, form[name].value())
    field.widget.choices = [("", empty_label)] + [(each.pk, label(each)) for each in sorted(listed, key=label)]
    if choices.count() <= len(listed):
        del form.fields[f"{name}_name"]


def with_chosen(listed: list, choices, chosen) -> list:
    """`listed`, and the one of `choices` already chosen (an id in plain digits) if it is not among them."""
    chosen = str(chosen or "")
    if chosen.isascii() and chosen.isdigit() and all(str(each.pk) != chosen for each in listed):
        return [*listed, *choices.filter(pk=int(chosen))]
    return listed


def typed_name_box(form, name: str) -> list:
    """The layout of the `<name>_name` box, when the list does not hold every choice."""
    return [Field.text(f"{name}_name", field_width=Fluid.TWO_THIRDS)] if f"{name}_name" in form.fields else []


def find_typed(form, data: dict, name: str, looked_up: str, what: str) -> None:
    """The choice whose name was typed in `<name>_name`, as the answer to `name`; or a plain error."""
    box = f"{name}_name"
    typed = (data.get(box) or "").strip()
    if not typed:
        return
    if data.get(name):
        form.add_error(box, f"Choose {what} from the list or type the name, not both")
        return
    choices = form.fields[name].queryset
    matches = list(choices.filter(**{f"{looked_up}__iexact": typed})[:2]) or list(
        choices.filter(**{f"{looked_up}__icontains": typed})[:2]
    )
    if len(matches) == 1:
        data[name] = matches[0]
    elif not matches:
        form.add_error(box, f"We cannot find {what} called “{typed}”. Check the name, or choose from the list")
    else:
        form.add_error(box, f"More than one {what.split()[-1]} has “{typed}” in the name. Type more of the name")


def typed_name_field(label: str, hint: str) -> forms.CharField:
    return forms.CharField(
        required=False,
        max_length=200,
        label=label,
        help_text=hint,
        error_messages={"max_length": "The name must be 200 characters or fewer"},
    )


def newest_projects(projects) -> list:
    return list(projects.order_by("-created_at", "-pk")[:LISTED])


def project_name_field() -> forms.CharField:
    return typed_name_field("Or type the name of another project", "Only the newest projects are in the list.")


class TellUsForm(PortalModelForm):
    """What a family tells the partnership, in their own words."""

    # A box people never see: only robots fill it in.
    website = forms.CharField(required=False, label="Leave this box empty")
    project_name = project_name_field()

    class Meta:
        model = Feedback
        fields = [
            "topic",
            "text",
            "project",
            "principle",
            "who",
            "name",
            "email",
            "phone",
            "consent_to_contact",
            "consent_to_publish",
        ]
        labels = {
            "topic": "What is it about?",
            "text": "What do you want to tell us?",
            "project": "Is it about one of our projects? (optional)",
            "principle": "Is it about one of the charter's promises? (optional)",
            "who": "Who are you?",
            "name": "Your name (optional)",
            "email": "Email address (optional)",
            "phone": "Phone number (optional)",
            "consent_to_contact": "You can contact me about this",
            "consent_to_publish": "You can publish a short summary of this, without my name",
        }
        help_texts = {
            "text": "Tell us what is working, what is not, or an idea. Do not include anyone's medical details.",
            "email": "We will tell you when there is news, if you say we can contact you.",
        }
        widgets = {"topic": forms.RadioSelect, "who": forms.RadioSelect, "text": forms.Textarea}
        error_messages = {
            "topic": {"required": "Select what it is about"},
            "text": {
                "required": "Enter what you want to tell us",
                "max_length": "What you tell us must be 5,000 characters or fewer",
            },
            "who": {"required": "Select who you are"},
            "email": {"invalid": "Enter an email address in the correct format, like name@example.com"},
        }

    def __init__(self, *args, partnership, officer: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["topic"].queryset = topics_for(partnership)
        self.fields["topic"].empty_label = None
        self.fields["who"].choices = Feedback.Who.choices
        self.fields["principle"].queryset = principles_for(partnership)
        self.fields["principle"].empty_label = "Not about a particular promise"
        projects = Project.objects.for_partnership(partnership).public()
        offer_a_few(self, "project", projects, newest_projects(projects), "Not about a particular project", str)
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")
        # An officer logging feedback types the family's details, not their own.
        (about_someone_else if officer else about_yourself)(self)
        layout = [
            Field.radios("topic", legend_size=Size.MEDIUM),
            Field.textarea("text", label_size=Size.MEDIUM, rows=8, max_characters=MAX_TEXT),
            Field.select("project"),
            *typed_name_box(self, "project"),
            Field.select("principle"),
            Field.radios("who", legend_size=Size.MEDIUM),
            Fieldset(
                Field.text("name", field_width=Fluid.TWO_THIRDS),
                Field.text("email", field_width=Fluid.TWO_THIRDS),
                Field.text("phone", field_width=Fluid.ONE_THIRD),
                legend="How we can reach you" if not officer else "How to reach them",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.checkbox("consent_to_contact"),
                Field.checkbox("consent_to_publish"),
                legend="What you agree to" if not officer else "What they agreed to",
                legend_size=Size.MEDIUM,
            ),
        ]
        if not officer:
            layout.append(HTML('<div class="app-honeypot" aria-hidden="true">'))
            layout.append(Field.text("website"))
            layout.append(HTML("</div>"))
        else:
            del self.fields["website"]
        self.helper = gds_helper(*layout, submit="Continue")

    def clean(self) -> dict:
        data = super().clean()
        find_typed(self, data, "project", "title", "a project")
        if data.get("consent_to_contact") and not (data.get("email") or data.get("phone")):
            ask_for(self, "email", "Enter an email address or a phone number so we can contact you", "phone")
        return data


NOT_SENT = "Your answers were not sent. Check them and press Send again"


class SendForm(PortalForm):
    """The "Send" on check your answers. Each showing of the page carries a one-time token, so one
    press stores one item however often it arrives; a press without it (or with another) sends nothing."""

    submission_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, expected: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean(self):
        data = super().clean()
        token = data.get("submission_token") or ""
        if not (token and self.expected and constant_time_compare(token, self.expected)):
            self.add_error(None, NOT_SENT)
        return data


class LogFeedbackForm(TellUsForm):
    """An officer logging feedback a family gave another way."""

    channel = forms.ChoiceField(
        label="How did they tell us?",
        choices=[c for c in Feedback.Channel.choices if c[0] != Feedback.Channel.ONLINE],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they told us"},
    )
    received_on = DateInputField(label="When did they tell us?", help_text="For example, 27 3 2026")
    # One press of "Log feedback": a double click or a resent request logs the item once.
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    class Meta(TellUsForm.Meta):
        labels = {
            **TellUsForm.Meta.labels,
            "text": "What did they tell us?",
            "who": "Who told us?",
            "name": "Their name (optional)",
            "consent_to_contact": "They agreed we can contact them about this",
            "consent_to_publish": "They agreed we can publish a short summary, without their name",
        }
        help_texts = {"text": "In their words as far as possible."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, officer=True, **kwargs)
        self.fields["received_on"].error_messages["required"] = "Enter the date they told us"
        self.helper.layout.insert(0, Field("received_on"))
        self.helper.layout.insert(0, Field.radios("channel", legend_size=Size.MEDIUM))
        self.helper.layout[-1].value = "Log feedback"
        self.helper.layout.insert(0, Field("submission_token"))
        if not self.is_bound:
            self.initial["submission_token"] = secrets.token_urlsafe(24)

    def clean_received_on(self):
        return not_after_today(self.cleaned_data["received_on"], "The date they told us")


class CheckFeedbackForm(PortalForm):
    reference = forms.CharField(
        label="Your reference",
        max_length=20,
        help_text="It is 8 letters and numbers, like ABCD-2345.",
        error_messages={"required": "Enter your reference"},
    )
    email = forms.EmailField(
        label="Email address you gave us (if you gave one)",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        about_yourself(self)
        self.fields["reference"].widget.attrs.update(
            autocomplete="off", spellcheck="false", autocapitalize="characters"
        )
        self.helper = gds_helper(
            Field.text("reference", field_width=Fluid.ONE_THIRD),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            submit="Check",
        )

    def clean_reference(self) -> str:
        return clean_reference(self.cleaned_data["reference"])


def officers_of(partnership):
    return User.objects.in_partnership(partnership).handling_feedback().order_by("name")


class AssignForm(PortalForm):
    officer = forms.ModelChoiceField(queryset=User.objects.none(), label="Assign to", required=False)
    officer_name = typed_name_field(
        "Or type the name of another officer", "The list shows the officers given feedback most recently."
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        officers = officers_of(partnership)
        offer_a_few(self, "officer", officers, recent_assignees(partnership, officers), "Nobody", lambda u: u.name)
        self.helper = gds_helper(
            Field.select("officer"), *typed_name_box(self, "officer"), submit="Assign", form_tag=False, name="assign"
        )

    def clean(self) -> dict:
        data = super().clean()
        find_typed(self, data, "officer", "name", "an officer")
        return data


def recent_assignees(partnership, officers) -> list:
    """The officers most recently given the area's feedback (read from the recently-changed index),
    then others by name, up to the few a list shows."""
    recent = (
        Feedback.objects.filter(partnership=partnership, assigned_to__isnull=False)
        .order_by("-updated_at")
        .values_list("assigned_to", flat=True)[:200]
    )
    ids = list(dict.fromkeys(recent))[:LISTED]
    listed = list(officers.filter(pk__in=ids))
    if len(listed) < LISTED:
        listed += list(officers.exclude(pk__in=ids).order_by("name")[: LISTED - len(listed)])
    return listed


class NoteForm(PortalForm):
    note = forms.CharField(
        label="Add an internal note",
        help_text="Only officers of this partnership see notes.",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Enter the note"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.textarea("note", rows=3), submit="Add note", form_tag=False, name="add-note")


class StatusForm(PortalForm):
    status = forms.ChoiceField(
        label="Move it to", widget=forms.RadioSelect, error_messages={"required": "Select a status"}
    )
    reason = forms.CharField(
        label="If we are not able to, say why",
        help_text="This is shown to the family and, if published, to everyone. Be honest and plain.",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, feedback: Feedback, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in feedback.next_statuses()]
        self.helper = gds_helper(
            Field.radios("status", legend_size=Size.SMALL),
            Field.textarea("reason", rows=3),
            submit="Change status",
            form_tag=False,
            name="change-status",
        )

    def clean(self) -> dict:
        data = super().clean()
        need_reason(self, data.get("status") == Feedback.Status.NOT_ABLE, "Say why we are not able to do it")
        return data


class LinkForm(PortalForm):
    principle = forms.ModelChoiceField(queryset=Principle.objects.none(), required=False, label="Charter promise")
    project = forms.ModelChoiceField(queryset=Project.objects.none(), required=False, label="Project")
    project_name = project_name_field()

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principle"].queryset = principles_for(partnership)
        self.fields["principle"].empty_label = "Not linked"
        projects = Project.objects.for_partnership(partnership)
        offer_a_few(self, "project", projects, newest_projects(projects), "Not linked", str)
        self.helper = gds_helper(
            Field.select("principle"),
            Field.select("project"),
            *typed_name_box(self, "project"),
            submit="Link",
            form_tag=False,
            name="link",
        )

    def clean(self) -> dict:
        data = super().clean()
        find_typed(self, data, "project", "title", "a project")
        return data


class PublishForm(PortalForm):
    you_said = forms.CharField(
        label="You said",
        help_text="A short summary in your own words. Never copy what they wrote, and leave out names "
        "and contact details.",
        widget=forms.Textarea,
        max_length=1000,
        error_messages={"required": "Write the “You said” summary"},
    )
    we_did = forms.CharField(
        label="We did (or we are doing)",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Write what we did or are doing"},
    )

    def __init__(self, *args, feedback: Feedback, **kwargs):
        super().__init__(*args, **kwargs)
        self.feedback = feedback
        self.helper = gds_helper(
            Field.textarea("you_said", rows=3),
            Field.textarea("we_did", rows=4),
            submit="Publish",
            form_tag=False,
            name="publish",
        )

    def clean(self) -> dict:
        data = super().clean()
        problems = publishing_problems(self.feedback, data.get("you_said", ""), data.get("we_did", ""))
        for field, message in problems.items():
            if field in data:
                self.add_error(field, message)
        return data


class OrderField(forms.ChoiceField):
    """A list's order: an address with an order we do not know gives the usual order, not an error
    (and the other filters in it still apply)."""

    def to_python(self, value) -> str:
        value = super().to_python(value)
        return value if self.valid_value(value) else ""


class QueueFilterForm(PortalForm):
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Feedback.Status.choices])
    topic = forms.ModelChoiceField(queryset=Topic.objects.none(), required=False, empty_label="Any topic")
    assigned = forms.ChoiceField(required=False)
    # The list holds the officers given feedback most recently; any other is found by name.
    assigned_name = forms.CharField(required=False, max_length=200, label="Or type an officer's name")
    overdue = forms.BooleanField(required=False, label="Only overdue")
    # Done and "not able to" are out of the way unless asked for, or chosen as the status.
    closed = forms.BooleanField(required=False, label="Include closed feedback")
    q = forms.CharField(required=False, label="Search the text", max_length=200)
    sort = OrderField(required=False, choices=QueueOrder.choices, label="Sort by")

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.filter(partnership=partnership)
        officers = officers_of(partnership)
        listed = with_chosen(recent_assignees(partnership, officers), officers, self["assigned"].value())
        self.fields["assigned"].choices = [
            ("", "Anyone"),
            ("nobody", "Nobody"),
            *[(str(o.pk), o.name) for o in sorted(listed, key=lambda o: o.name)],
        ]
        self.officers = officers


class TopicForm(PortalModelForm):
    class Meta:
        model = Topic
        fields = ["name"]
        labels = {"name": "Topic name"}
        error_messages = {"name": {"required": "Enter the topic's name"}}

    def __init__(self, *args, partnership, submit: str = "Add topic", **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.helper = gds_helper(Field.text("name", field_width=Fluid.ONE_HALF), submit=submit)

    def clean_name(self) -> str:
        name = one_line(self.cleaned_data["name"])
        taken = Topic.objects.filter(partnership=self.partnership, name__iexact=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("There is already a topic with this name")
        return name
