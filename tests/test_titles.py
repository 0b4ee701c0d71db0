"""Page titles: "Error: " whenever any form on the page has a problem, whatever the form is called,
and the project or area a form page belongs to in the middle of the title."""

from django import forms
from django.template import Context, Template
from django.test import RequestFactory

TITLE = Template("{% load portal %}{% error_prefix %}{% title_place %}")


class NameForm(forms.Form):
    name = forms.CharField()


def render(**context) -> str:
    return TITLE.render(Context({"request": RequestFactory().get("/"), **context}))


def test_a_form_with_a_problem_under_any_name_puts_error_first():
    assert render(invite_form=NameForm({"name": ""})) == "Error: "
    assert render(invite_form=NameForm({"name": "Sam"}), form=NameForm()) == ""


def test_a_formset_with_a_problem_puts_error_first():
    names = forms.formset_factory(NameForm, min_num=1, validate_min=True)
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name": ""}
    assert render(names=names(data)) == "Error: "
    assert render(names=names({**data, "form-0-name": "Sam"})) == ""


def test_the_place_is_the_project_before_the_area(partnership):
    class Project:
        title = "Health passports"

    assert render(partnership=partnership) == "Wirral"
    assert render(partnership=partnership, project=Project()) == "Health passports"
    request = RequestFactory().get("/")
    request.partnership = partnership
    assert render(request=request) == "Wirral"
