"""The five seed partnerships and their organisations, and their charters from charters/data/.

Organisation names come from the seed charters where they name them.
"""

from pathlib import Path

from charters import charter_file, services
from charters.models import Charter, Organisation, Partnership
from charters.services import import_charter

SEEDS = Path(__file__).parent / "data"
SEED_FILES = ["telford-and-wrekin", "hounslow", "wirral", "tameside", "worcestershire"]

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


def create_partnerships() -> list[Partnership]:
    partnerships = []
    for spec in PARTNERSHIPS:
        partnership, _ = Partnership.objects.update_or_create(slug=spec["slug"], defaults={"name": spec["name"]})
        for name, kind in spec["organisations"]:
            Organisation.objects.update_or_create(partnership=partnership, name=name, defaults={"kind": kind})
        partnerships.append(partnership)
    return partnerships


def load_seed_charters() -> list[Charter]:
    """Publish each seed charter once; a version already loaded is left alone."""
    charters = []
    for name in SEED_FILES:
        data = seed_data(name)
        existing = Charter.objects.filter(
            partnership__slug=data["partnership"]["slug"], version=data["charter"]["version"]
        ).first()
        charters.append(existing or import_charter(data, publish_it=True, how="from the seed charter"))
    return charters


def seed_data(name: str) -> dict:
    return charter_file.read((SEEDS / f"{name}.yaml").read_text(encoding="utf-8"))


def stale_seed_charters(charters: list[Charter]) -> list[Charter]:
    """Seed charters loaded by an older portal that no longer match their files (a version already
    loaded is never overwritten, so a database made before a seed was corrected keeps the old one)."""
    files = {data["partnership"]["slug"]: data for data in map(seed_data, SEED_FILES)}
    stale = []
    for charter in services.charter_with_parts(Charter.objects.filter(pk__in=[c.pk for c in charters])):
        data = files.get(charter.partnership.slug)
        if data and charter_file.write(services.charter_to_data(charter)) != charter_file.write(data):
            stale.append(charter)
    return stale
