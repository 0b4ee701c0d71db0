import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory

from accounts.access import person_for_admin
from accounts.models import User
from charter_portal.permissions import belongs_to, for_partnership


def test_querysets_are_scoped_to_the_users_partnership(family, officer, outsider_officer, superuser):
    assert set(for_partnership(User.objects.all(), officer)) == {family, officer}
    assert set(for_partnership(User.objects.all(), outsider_officer)) == {outsider_officer}
    assert for_partnership(User.objects.all(), AnonymousUser()).count() == 0
    assert for_partnership(User.objects.all(), superuser).count() == User.objects.count()


def test_another_partnerships_person_is_not_found(admin, officer, outsider_admin):
    request = RequestFactory().get("/")
    request.user = admin
    assert person_for_admin(request, officer.pk) == officer
    request.user = outsider_admin
    with pytest.raises(Http404):
        person_for_admin(request, officer.pk)


def test_closed_accounts_belong_nowhere(officer, admin, partnership):
    assert belongs_to(officer, partnership)
    officer.deactivate(admin)
    assert not belongs_to(officer, partnership)
