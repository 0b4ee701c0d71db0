"""Demo "You Said, We Did" items for each seed partnership, in the spirit of their charters.

Each item is received on its day and answered after it, step by step, never later than today."""

import datetime

from django.utils import timezone

from accounts.models import User
from charter_portal import demo_clock
from charters.models import Partnership
from feedback import services
from feedback.forms import topics_for
from feedback.models import Feedback

S = Feedback.Status

# (topic, who, channel, when, text, status, you said, we did / reason, publish). `when` is how many days
# ago it was received, or (received, answered) where the charter tells when it was done.
ITEMS = {
    "wirral": [
        (
            "Health",
            "parent-carer",
            "online",
            # Wirral's charter: the Health Passport was launched on 29 November 2021.
            (datetime.date(2021, 1, 18), datetime.date(2021, 11, 29)),
            "Every time we see a new doctor I have to explain my son's needs from the start. It is exhausting "
            "and he gets upset. Could there be one document that goes with him?",
            S.DONE,
            "Parents told us that repeating their child's needs to every new health professional is "
            "exhausting and upsetting.",
            "We co-produced a new Health Passport with young people, parents and "
            "health staff. It was launched in November 2021, on paper and as an editable electronic version.",
            True,
        ),
        (
            "Health",
            "young-person",
            "event",
            40,
            "The health passport should say how I like to communicate, not just my diagnosis.",
            S.DOING,
            "Young people asked for the Health Passport to say how they like to communicate.",
            "We are adding a communication page, written with the young people's group.",
            True,
        ),
        (
            "Transport",
            "parent-carer",
            "phone",
            30,
            "The school bus times changed without anyone telling us. My daughter was waiting in the rain.",
            S.CONSIDERING,
            "",
            "",
            False,
        ),
        (
            "Other",
            "parent-carer",
            "online",
            3,
            "Please hold the next forum meeting after school drop-off.",
            S.RECEIVED,
            "",
            "",
            False,
        ),
    ],
    "tameside": [
        (
            "SENDIASS",
            "parent-carer",
            "forum-meeting",
            60,
            "Families do not know SENDIASS exists until they are already in crisis.",
            S.DOING,
            "Families said they only hear about SENDIASS when things have already gone wrong.",
            "We are co-designing early information about SENDIASS with parent carers, to reach families sooner.",
            True,
        ),
        (
            "Local Offer",
            "parent-carer",
            "survey",
            45,
            "I can never find who to contact on the Local Offer. There are too many pages.",
            S.DOING,
            "Parents told us the Local Offer does not make clear whom to ask for help.",
            'We are building a "Who\'s Who" page on the Local Offer with parent carers. You said, we are doing.',
            True,
        ),
        (
            "Education",
            "young-person",
            "online",
            10,
            "I want to know what happens when I leave school. Nobody has talked to me about college.",
            S.RECEIVED,
            "",
            "",
            False,
        ),
    ],
    "telford-and-wrekin": [
        (
            "Short breaks",
            "parent-carer",
            "online",
            50,
            "The short breaks booking form is twelve pages long. I gave up twice.",
            S.DONE,
            "Parents said the short breaks form was too long to finish.",
            "We rewrote the form with PODS parents. It is now four pages, with help on each page.",
            True,
        ),
        (
            "Local Offer",
            "parent-carer",
            "email",
            25,
            "Could the charter be on the Local Offer in easy read?",
            S.DOING,
            "Families asked for the charter in easy read.",
            "We are making an easy read version with young people.",
            True,
        ),
        (
            "Social care",
            "professional",
            "phone",
            35,
            "Can social care attend every annual review?",
            S.NOT_ABLE,
            "A professional asked if social care can attend every annual review.",
            "",
            True,
        ),
    ],
    "hounslow": [
        (
            "Other",
            "parent-carer",
            "forum-meeting",
            55,
            "Meetings at 4pm clash with picking up my children. I keep missing them.",
            S.DONE,
            "Parents said late afternoon meetings clash with the school run.",
            "Co-production meetings for parents and carers are now held between 10am and 2pm and last no more "
            "than two hours.",
            True,
        ),
        (
            "Education",
            "parent-carer",
            "online",
            12,
            "The papers for the last meeting arrived the night before. I could not read them in time.",
            S.CONSIDERING,
            "",
            "",
            False,
        ),
    ],
    "worcestershire": [
        (
            "Transport",
            "parent-carer",
            "online",
            40,
            "Nobody told us our son's taxi to college was changing. He was very anxious.",
            S.DOING,
            "Families said changes to school and college transport were not explained in time.",
            "We are agreeing with families how and when transport changes are told to them, so it happens "
            "before the change.",
            True,
        ),
        (
            "Health",
            "young-person",
            "event",
            20,
            "I want to be asked what helps me, not just my mum.",
            S.DONE,
            "Young people said they want to be asked themselves what helps them.",
            "Health plans now include a page the young person fills in, in their own words.",
            True,
        ),
        (
            "Education",
            "parent-carer",
            "online",
            26,
            "Our school says it cannot afford the support in the plan.",
            S.RECEIVED,
            "",
            "",
            False,
        ),
    ],
}

NOT_ABLE_REASON = (
    "Social care staff cannot attend every annual review: there are not enough of them. They will attend "
    "every review where a child has a social worker, and send a written report to the others."
)


def create_feedback() -> int:
    """Add the demo items to each partnership that has no feedback yet."""
    made = 0
    for slug, items in ITEMS.items():
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None or Feedback.objects.filter(partnership=partnership).exists():
            continue
        officer = User.objects.in_partnership(partnership).officers().order_by("email").first()
        topics = {t.name: t for t in topics_for(partnership)}
        for topic, who, channel, when, text, status, you_said, we_did, publish in items:
            received, answered = answer_window(when)
            path = {
                S.CONSIDERING: [S.CONSIDERING],
                S.DOING: [S.CONSIDERING, S.DOING],
                S.DONE: [S.CONSIDERING, S.DOING, S.DONE],
                S.NOT_ABLE: [S.CONSIDERING, S.NOT_ABLE],
            }.get(status, [])
            with demo_clock.at(received):
                feedback = services.submit(
                    partnership,
                    logged_by=officer if channel != "online" else None,
                    topic=topics[topic],
                    who=who,
                    channel=channel,
                    text=text,
                    consent_to_contact=False,
                    consent_to_publish=publish,
                    received_at=received,
                )
            if officer:
                with demo_clock.at(received + (answered - received) / 10):
                    services.assign(feedback, officer, officer)
            # Each step a little later than the last; the last (and publishing it) on the day it was answered.
            for number, step in enumerate(path, start=1):
                with demo_clock.at(received + (answered - received) * number / len(path)):
                    services.change_status(feedback, step, officer, NOT_ABLE_REASON if step == S.NOT_ABLE else "")
            if publish:
                with demo_clock.at(answered + datetime.timedelta(hours=1)):
                    services.publish(feedback, officer, you_said, we_did or NOT_ABLE_REASON)
            made += 1
    return made


def answer_window(when: int | tuple[datetime.date, datetime.date]) -> tuple[datetime.datetime, datetime.datetime]:
    """When an item was received, and when its last step was taken: some days before today."""
    if isinstance(when, tuple):
        return demo_clock.moment(when[0], 9, 30), demo_clock.moment(when[1], 15)
    received = timezone.now() - datetime.timedelta(days=when)
    return received, received + datetime.timedelta(days=when * 0.8)
