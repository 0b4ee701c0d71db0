"""Demo people of every role in each seed partnership, and a superuser."""

from accounts.models import Contact, FamilyKind, Role, User
from charters.models import Organisation, Partnership

DEMO_PASSWORD = "demo-password-2026"

Kind = Organisation.Kind

# (email part, name, role, family kind, organisation kind, preferred contact, access needs)
PEOPLE = [
    (
        "parent",
        "Sam Parent",
        Role.FAMILY,
        FamilyKind.PARENT_CARER,
        None,
        Contact.EMAIL,
        "Meetings after 10am, once the school run is done.",
    ),
    (
        "young-person",
        "Alex Young",
        Role.FAMILY,
        FamilyKind.YOUNG_PERSON,
        None,
        Contact.TEXT,
        "Easy read papers, please.",
    ),
    ("officer", "Priya Officer", Role.OFFICER, "", Kind.COUNCIL, Contact.EMAIL, ""),
    ("nhs-officer", "Tom Health", Role.OFFICER, "", Kind.NHS, Contact.EMAIL, ""),
    ("forum-lead", "Jo Forum", Role.FORUM_LEAD, "", Kind.FORUM, Contact.PHONE, ""),
    ("youth-lead", "Kai Voice", Role.FORUM_LEAD, "", Kind.YOUNG_PEOPLE, Contact.EMAIL, ""),
    ("admin", "Morgan Admin", Role.ADMIN, "", Kind.COUNCIL, Contact.EMAIL, ""),
    ("therapist", "Dee Therapist", Role.PROFESSIONAL, "", Kind.NHS, Contact.EMAIL, ""),
]


def demo_email(slug: str, who: str) -> str:
    return f"{who}@{slug}.example.org"


def create_people(partnership: Partnership) -> list[User]:
    people = []
    for who, name, role, family_kind, org_kind, contact, needs in PEOPLE:
        email = demo_email(partnership.slug, who)
        organisation = partnership.organisations.filter(kind=org_kind).order_by("name").first() if org_kind else None
        phone = "07700 900123" if contact in (Contact.PHONE, Contact.TEXT) else ""
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                name=name,
                role=role,
                family_kind=family_kind,
                partnership=partnership,
                organisation=organisation,
                preferred_contact=contact,
                phone=phone,
                access_needs=needs,
            )
            user.record(None, f"Demo account made as {user.get_role_display()}")
        people.append(user)
    return people


def create_superuser() -> User:
    user = User.objects.filter(email="superuser@example.org").first()
    if user is None:
        user = User.objects.create_superuser("superuser@example.org", DEMO_PASSWORD, name="Site Superuser")
    return user
