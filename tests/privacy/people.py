"""A family member with every detail that identifies them, and feedback they gave with them: what the
tests of copies and erasure look for afterwards."""

from feedback import services as feedback_services
from feedback.forms import topics_for


def identified(family, name: str, email: str, phone: str, address: str, needs: str):
    family.name, family.email, family.phone = name, email, phone
    family.postal_address, family.access_needs = address, needs
    family.save()
    return family


def feedback_from(person, topic: str, text: str, **consents):
    """Feedback the person gave through their account, with their name, email address and phone number."""
    return feedback_services.submit(
        person.partnership,
        actor=person,
        topic=topics_for(person.partnership).get(name=topic),
        who="parent-carer",
        text=text,
        name=person.name,
        email=person.email,
        phone=person.phone,
        consent_to_contact=True,
        **consents,
    )
