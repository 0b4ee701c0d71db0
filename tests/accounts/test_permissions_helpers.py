import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.models import User
from accounts.permissions import for_partnership, get_for_partnership_or_404, works_in


def test_querysets_are_scoped_to_the_users_partnership(family, officer, outsider_officer, superuser):
    assert set(for_partnership(User.objects.all(), officer)) == {family, officer}
    assert set(for_partnership(User.objects.all(), outsider_officer)) == {outsider_officer}
    assert for_partnership(User.objects.all(), AnonymousUser()).count() == 0
    assert for_partnership(User.objects.all(), superuser).count() == User.objects.count()


def test_another_partnerships_object_is_not_found(officer, outsider_officer):
    assert get_for_partnership_or_404(User.objects, officer, pk=officer.pk) == officer
    with pytest.raises(Http404):
        get_for_partnership_or_404(User.objects, outsider_officer, pk=officer.pk)


def test_closed_accounts_work_nowhere(officer, admin, partnership):
    assert works_in(officer, partnership)
    officer.deactivate(admin)
    assert not works_in(officer, partnership)
