import pytest
from django.contrib import admin
from django.urls import reverse

# Models no one adds to or changes in Django's admin: the access log is append-only.
READ_ONLY = {"accounts.AccessLog"}
MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"accounts", "charters", "feedback", "projects", "reviews"}
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_superuser_can_list_search_and_add_every_model(client, superuser, family, officer, model):
    client.force_login(superuser)
    meta = model._meta
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "Sam"}).status_code == 200
    add = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    assert add.status_code == (403 if meta.label in READ_ONLY else 200)
    assert admin.site._registry[model].search_fields


def test_the_user_admin_finds_people_by_name(client, superuser, family, officer):
    client.force_login(superuser)
    response = client.get(reverse("admin:accounts_user_changelist"), {"q": "Sam Parent"})
    assert family.email in response.text
    assert officer.email not in response.text


def test_partnership_staff_cannot_use_django_admin(client, admin):
    client.force_login(admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
