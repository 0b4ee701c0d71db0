"""Demo people of every role in each seed partnership, and a superuser."""

from accounts.models import Contact, FamilyKind, Role, User
from charters.models import Organisation, Partnership

DEMO_PASSWORD = "demo-password-2026"

Kind = Organisation.Kind

# (email part, role, family kind, organisation kind, preferred contact, access needs)
PEOPLE = [
    (
        "parent",
        Role.FAMILY,
        FamilyKind.PARENT_CARER,
        None,
        Contact.EMAIL,
        "Meetings after 10am, once the school run is done.",
    ),
    ("young-person", Role.FAMILY, FamilyKind.YOUNG_PERSON, None, Contact.TEXT, "Easy read papers, please."),
    ("officer", Role.OFFICER, "", Kind.COUNCIL, Contact.EMAIL, ""),
    ("nhs-officer", Role.OFFICER, "", Kind.NHS, Contact.EMAIL, ""),
    ("forum-lead", Role.FORUM_LEAD, "", Kind.FORUM, Contact.PHONE, ""),
    ("youth-lead", Role.FORUM_LEAD, "", Kind.YOUNG_PEOPLE, Contact.EMAIL, ""),
    ("admin", Role.ADMIN, "", Kind.COUNCIL, Contact.EMAIL, ""),
    ("therapist", Role.PROFESSIONAL, "", Kind.NHS, Contact.EMAIL, ""),
]

# Each area's own people, in PEOPLE's order: invented names, and never the same person in two areas.
NAMES = {
    "telford-and-wrekin": [
        "Karen Hughes",
        "Jordan Price",
        "Sarah Evans",
        "Imran Shah",
        "Lisa Morgan",
        "Callum Jones",
        "Helen Davies",
        "Megan Roberts",
    ],
    "hounslow": [
        "Amrit Kaur",
        "Zain Ahmed",
        "Grace Okafor",
        "Daniel Reid",
        "Fatima Hussain",
        "Leo Santos",
        "Priya Sharma",
        "Tom Fletcher",
    ],
    "wirral": [
        "Joanne Kelly",
        "Ellie Murphy",
        "Mark Brennan",
        "Ruth Doyle",
        "Claire Quinn",
        "Ben Mercer",
        "Sian Parry",
        "Natalie Burke",
    ],
    "tameside": [
        "Michelle Platt",
        "Ryan Ashworth",
        "Samina Akhtar",
        "Paul Whittaker",
        "Donna Hall",
        "Kyle Berry",
        "Andrew Lees",
        "Emma Kershaw",
    ],
    "worcestershire": [
        "Rachel Green",
        "Oliver Bennett",
        "James Cartwright",
        "Anita Patel",
        "Louise Hill",
        "Maya Clarke",
        "Stephen Ward",
        "Hannah Lloyd",
    ],
}
# For an area the demo does not know: names that say what the person is.
ROLE_NAMES = [
    "Sam Parent",
    "Alex Young",
    "Priya Officer",
    "Tom Health",
    "Jo Forum",
    "Kai Voice",
    "Morgan Admin",
    "Dee Therapist",
]
# The accounts the sign-in page lists while the portal runs for development with the demo loaded.
SIGN_IN_SHOWN = ["parent", "officer", "forum-lead", "admin"]
SIGN_IN_AREA = "wirral"


def demo_email(slug: str, who: str) -> str:
    return f"{who}@{slug}.example.org"


def create_people(partnership: Partnership) -> list[User]:
    people = []
    names = NAMES.get(partnership.slug, ROLE_NAMES)
    for (who, role, family_kind, org_kind, contact, needs), name in zip(PEOPLE, names, strict=True):
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


def sign_in_accounts() -> list[User]:
    """A few demo accounts of different roles, if the demo has been loaded, for the sign-in page."""
    emails = [demo_email(SIGN_IN_AREA, who) for who in SIGN_IN_SHOWN]
    found = {user.email: user for user in User.objects.filter(email__in=emails).select_related("partnership")}
    return [found[email] for email in emails if email in found]
