from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms
from django.core.validators import MaxValueValidator

from charter_portal.forms import DateInputField, ModelMultipleChoiceField, PortalForm, PortalModelForm, gds_helper
from charters import charter_file
from charters.models import Charter, Commitment, DatePrecision, KiteMarkRule, OrganisationKind, Principle, Signatory

MAX_FILE_BYTES = 512 * 1024


class UploadForm(PortalForm):
    file = forms.FileField(
        label="Charter file",
        help_text="A charter/1 YAML file (.yaml or .yml), up to 512 KB.",
        error_messages={"required": "Choose a charter file to upload"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field("file"), submit="Check the file")

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".yaml", ".yml")):
            raise forms.ValidationError("The file must be a YAML file ending .yaml or .yml")
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The file must be smaller than 512 KB")
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be plain text saved as UTF-8") from None


VERSION_HELP = "Letters, numbers, dots and hyphens, for example 2025 or 2025-2."


def check_version(charter: Charter | None, partnership, version: str) -> str:
    version = version.strip()
    if not charter_file.VERSION.match(version):
        raise forms.ValidationError("Enter a version using only letters, numbers, dots and hyphens")
    taken = Charter.objects.filter(partnership=partnership, version=version)
    if charter is not None:
        taken = taken.exclude(pk=charter.pk)
    if taken.exists():
        raise forms.ValidationError(f"There is already a version {version} of this charter")
    return version


class NewDraftForm(PortalForm):
    version = forms.CharField(
        label="Version of the new draft",
        max_length=40,
        help_text=VERSION_HELP,
        error_messages={"required": "Enter a version for the new draft"},
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.helper = gds_helper(Field.text("version", field_width=Fluid.ONE_QUARTER), submit="Make the draft")

    def clean_version(self) -> str:
        return check_version(None, self.partnership, self.cleaned_data["version"])


class CharterDetailsForm(PortalModelForm):
    review_due_on = DateInputField(
        label="Review date", required=False, help_text="When the partnership will next review the charter."
    )

    class Meta:
        model = Charter
        fields = ["title", "version", "review_due_on", "summary", "vision", "definition", "source", "numbered"]
        labels = {
            "summary": "In short (optional)",
            "numbered": "Show the principles with their numbers",
            "vision": "Vision (optional)",
            "definition": "What co-production means here (optional)",
            "source": "Where the charter is published (optional)",
        }
        help_texts = {
            "version": VERSION_HELP,
            "source": "A web address starting https://",
            "summary": "The charter in a few plain sentences, shown first.",
        }
        error_messages = {
            "title": {"required": "Enter the charter's title"},
            "version": {"required": "Enter a version"},
            "source": {"invalid": "Enter a web address starting https://"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.text("title"),
            Field.text("version", field_width=Fluid.ONE_QUARTER),
            Field("review_due_on"),
            Field.textarea("summary", rows=4),
            Field.textarea("vision", rows=6),
            Field.textarea("definition", rows=6),
            Field.text("source"),
            Field.checkbox("numbered", small=True),
            submit="Save",
        )

    def clean_version(self) -> str:
        return check_version(self.instance, self.instance.partnership, self.cleaned_data["version"])

    def save(self, commit: bool = True) -> Charter:
        # A review date typed here is a day, whatever precision the file gave before.
        if "review_due_on" in self.changed_data:
            self.instance.review_due_on_precision = DatePrecision.DAY
        return super().save(commit)


class PrincipleForm(PortalModelForm):
    class Meta:
        model = Principle
        fields = ["title", "summary", "themes"]
        labels = {"title": "Title (optional)", "summary": "Summary (optional)", "themes": "Themes (optional)"}
        help_texts = {"title": "Some charters give each principle a title; others only a sentence, as the summary."}
        widgets = {"themes": forms.CheckboxSelectMultiple}
        field_classes = {"themes": ModelMultipleChoiceField}

    def clean(self) -> dict:
        data = super().clean()
        if not (data.get("title", "").strip() or data.get("summary", "").strip()):
            self.add_error("title", "Enter the principle's title or its summary")
        return data

    def __init__(self, *args, charter: Charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = charter.themes.all()
        layout = [Field.text("title"), Field.textarea("summary", rows=5)]
        if charter.themes.exists():
            layout.append(Field.checkboxes("themes", legend_size=Size.SMALL, small=True))
        else:
            del self.fields["themes"]
        self.helper = gds_helper(*layout, submit="Save principle")


class CommitmentForm(PortalModelForm):
    class Meta:
        model = Commitment
        fields = ["kind", "text"]
        labels = {"kind": "What kind of statement is it?", "text": "Statement"}
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "text": {"required": "Enter the statement"},
            "kind": {"required": "Select what kind of statement it is"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Commitment.Kind.choices
        self.helper = gds_helper(
            Field.radios("kind", legend_size=Size.SMALL),
            Field.textarea("text", rows=4),
            submit="Save statement",
        )


class SignatoryForm(PortalModelForm):
    signed_on = DateInputField(label="Date signed (optional)", required=False, help_text="For example, 27 3 2024")

    class Meta:
        model = Signatory
        fields = ["organisation", "kind", "name", "role", "signed_on"]
        labels = {
            "organisation": "Organisation (optional)",
            "kind": "Kind of organisation (optional)",
            "name": "Name of the person who signed (optional)",
            "role": "Their role (optional)",
        }

    def clean(self) -> dict:
        data = super().clean()
        if not (data.get("organisation", "").strip() or data.get("name", "").strip()):
            self.add_error("organisation", "Enter the organisation that signed, or the name of the person")
        return data

    def save(self, commit: bool = True) -> Signatory:
        if "signed_on" in self.changed_data:
            self.instance.signed_on_precision = DatePrecision.DAY
        return super().save(commit)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Not given"), *OrganisationKind.choices]
        self.helper = gds_helper(
            Field.text("organisation"),
            Field.select("kind"),
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("role"),
            Field("signed_on"),
            submit="Add signatory",
        )


class KiteMarkRuleForm(PortalModelForm):
    """The charter's own kite mark: what it is called, who signs it off, how many family reviews it needs."""

    sign_off_by = forms.MultipleChoiceField(
        label="Who must sign off a project's kite mark?",
        help_text="The leads of each group you tick must agree before a project is awarded the kite mark.",
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one group who signs off the kite mark",
            "invalid_choice": "Select the groups from the list",
        },
    )

    class Meta:
        model = KiteMarkRule
        fields = ["name", "statement", "sign_off_by", "min_family_reviews"]
        labels = {
            "name": "Name of the kite mark",
            "statement": "What the charter says about it (optional)",
            "min_family_reviews": "How many family members must review a project first?",
        }
        help_texts = {"min_family_reviews": "Parent carers or young people who answer the review. 0 means none."}
        error_messages = {
            "name": {"required": "Enter the name of the kite mark"},
            "min_family_reviews": {
                "required": "Enter how many family members must review a project, or 0",
                "invalid": "Enter a whole number, like 2",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reviews = self.fields["min_family_reviews"]
        reviews.validators.append(MaxValueValidator(1000))
        reviews.widget = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})
        reviews.error_messages |= {
            "min_value": "The number of family reviews cannot be below 0",
            "max_value": "The number of family reviews must be 1,000 or fewer",
        }
        self.helper = gds_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.textarea("statement", rows=4),
            Field.checkboxes("sign_off_by", legend_size=Size.SMALL, small=True),
            Field.text("min_family_reviews", field_width=3),
            submit="Save the kite mark",
        )
