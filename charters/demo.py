"""The five seed partnerships, their organisations and demo people of every role.

Organisation names come from the seed charters where they name them.
"""

from pathlib import Path

from accounts.models import Contact, FamilyKind, Role, User
from charters import charter_file
from charters.models import Charter, Organisation, Partnership
from charters.services import import_charter

SEEDS = Path(__file__).parent / "data"
SEED_FILES = ["telford-and-wrekin", "hounslow", "wirral", "tameside", "worcestershire"]

DEMO_PASSWORD = "demo-password-2026"

Kind = Organisation.Kind

PARTNERSHIPS = [
    {
        "name": "Telford & Wrekin",
        "slug": "telford-and-wrekin",
        "organisations": [
            ("Telford & Wrekin Council", Kind.COUNCIL),
            ("Shropshire, Telford and Wrekin NHS", Kind.NHS),
            ("PODS (Parents Opening Doors) Parent Carer Forum", Kind.FORUM),
            ("Telford & Wrekin young people's group", Kind.YOUNG_PEOPLE),
        ],
    },
    {
        "name": "Hounslow",
        "slug": "hounslow",
        "organisations": [
            ("London Borough of Hounslow", Kind.COUNCIL),
            ("NHS North West London", Kind.NHS),
            ("Hounslow Parent Carer Forum", Kind.FORUM),
            ("Hounslow young people's group", Kind.YOUNG_PEOPLE),
        ],
    },
    {
        "name": "Wirral",
        "slug": "wirral",
        "organisations": [
            ("Wirral Council", Kind.COUNCIL),
            ("NHS Cheshire and Merseyside (Wirral)", Kind.NHS),
            ("Parent Carer Participation Wirral (PCPW)", Kind.FORUM),
            ("Wirral young people's group", Kind.YOUNG_PEOPLE),
        ],
    },
    {
        "name": "Tameside",
        "slug": "tameside",
        "organisations": [
            ("Tameside Council", Kind.COUNCIL),
            ("Tameside & Glossop NHS Integrated Care Foundation Trust (ICFT)", Kind.NHS),
            ("Tameside Umbrella Parent Carer Forum", Kind.FORUM),
            ("OKE Parent Carer Forum", Kind.FORUM),
            ("SEND Youth Council", Kind.YOUNG_PEOPLE),
            ("Tameside Schools Groups", Kind.EDUCATION),
        ],
    },
    {
        "name": "Worcestershire",
        "slug": "worcestershire",
        "organisations": [
            ("Worcestershire County Council", Kind.COUNCIL),
            ("NHS Herefordshire and Worcestershire Integrated Care Board (ICB)", Kind.NHS),
            ("NHS Herefordshire and Worcestershire Health Care Trust", Kind.NHS),
            ("Worcestershire Parent Carer Forum", Kind.FORUM),
            ("Worcestershire young people's group", Kind.YOUNG_PEOPLE),
        ],
    },
]

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


def create_partnerships() -> list[Partnership]:
    partnerships = []
    for spec in PARTNERSHIPS:
        partnership, _ = Partnership.objects.update_or_create(slug=spec["slug"], defaults={"name": spec["name"]})
        for name, kind in spec["organisations"]:
            Organisation.objects.update_or_create(partnership=partnership, name=name, defaults={"kind": kind})
        partnerships.append(partnership)
    return partnerships


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


def load_seed_charters() -> list[Charter]:
    """Publish each seed charter once; a version already loaded is left alone."""
    charters = []
    for name in SEED_FILES:
        data = charter_file.read((SEEDS / f"{name}.yaml").read_text(encoding="utf-8"))
        existing = Charter.objects.filter(
            partnership__slug=data["partnership"]["slug"], version=data["charter"]["version"]
        ).first()
        charters.append(existing or import_charter(data, publish_it=True, how="from the seed charter"))
    return charters
