import factory

from accounts.models import Contact, FamilyKind, Role, User
from charters.models import Organisation, Partnership

PASSWORD = "a-long-test-password"


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.COUNCIL


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")
    role = Role.FAMILY
    family_kind = FamilyKind.PARENT_CARER
    partnership = factory.SubFactory(PartnershipFactory)
    preferred_contact = Contact.EMAIL
    password = factory.django.Password(PASSWORD)


def staff(role: str, partnership: Partnership, kind: str = Organisation.Kind.COUNCIL, **fields) -> User:
    """An officer, forum lead or admin with an organisation of the given kind."""
    organisation = OrganisationFactory(partnership=partnership, kind=kind)
    return UserFactory(role=role, family_kind="", partnership=partnership, organisation=organisation, **fields)
