"""The words we use: jargon the five seed charters repeat, in plain English, for the /words-we-use/ page,
and the links from a charter's text to it (the first time each word is used on the page)."""

import re
from dataclasses import dataclass
from functools import cache

from django.urls import reverse


@dataclass(frozen=True)
class Term:
    id: str
    name: str
    meaning: str
    # How the word is written in the charters: a regular expression, case sensitive unless it says (?i).
    pattern: str
    also: str = ""  # the long form, or another name for it

    @property
    def regex(self) -> re.Pattern:
        return re.compile(rf"\b(?:{self.pattern})\b")


TERMS = [
    Term(
        "send",
        "SEND",
        "Special educational needs and disabilities. A child or young person has SEND when they need more help "
        "to learn than most children of their age, or have a disability.",
        r"SEND|(?i:special educational needs and disabilities)",
        also="Special educational needs and disabilities",
    ),
    Term(
        "co-production",
        "Co-production",
        "Families and services plan and make a change together, as equals, from the very start. Everyone's "
        "ideas and experience count the same.",
        r"(?i:co-?produc(?:tion|e|ed|es|ing))",
        also="Coproduction, co-produce",
    ),
    Term(
        "co-design",
        "Co-design",
        "Services know that something needs to change. They then work with families to decide how to change it.",
        r"(?i:co-?design(?:ed|ing)?)",
    ),
    Term(
        "consultation",
        "Consultation",
        "Services have a plan and ask families what they think of it. They change the plan when families show "
        "how to make it better. It is a step below co-design and co-production.",
        r"(?i:consultations?)",
    ),
    Term(
        "parent-carer-forum",
        "Parent carer forum",
        "A group of parents and carers of children with SEND in one area. It works with the council and the NHS "
        "so that services meet families' needs. Every area in England has one.",
        r"(?i:parent carer forums?)",
    ),
    Term(
        "local-area-partnership",
        "Local Area Partnership",
        "The council, the NHS, schools, colleges and others in one area who plan and run SEND services together, "
        "with families.",
        r"(?i:local area partnerships?)|LAP",
        also="LAP",
    ),
    Term(
        "local-offer",
        "Local Offer",
        "A website each council runs. It tells you about the help for SEND in your area, and who to contact.",
        r"(?i:local offer)",
    ),
    Term(
        "sendiass",
        "SENDIASS",
        "The SEND Information, Advice and Support Service. It gives children, young people and parents free "
        "advice about SEND. It does not take sides.",
        r"SENDIASS",
        also="SEND Information, Advice and Support Service",
    ),
    Term(
        "ehcp",
        "EHCP",
        "An Education, Health and Care Plan. It is a legal plan for a child or young person, up to the age of 25, "
        "who needs more help than a school or college can usually give. It says what they need and the help "
        "they must get.",
        r"EHCPs?|EHC plans?|(?i:education, health and care plans?)",
        also="Education, Health and Care Plan, EHC plan",
    ),
    Term(
        "senco",
        "SENCo",
        "The special educational needs co-ordinator: the teacher in a school who makes sure children with SEND "
        "get the right help.",
        r"SENCOs?|SENCos?|SENDCos?",
        also="Special educational needs co-ordinator",
    ),
    Term(
        "stakeholders",
        "Stakeholders",
        "Everyone who has a part in a piece of work or is affected by it: children, young people, families, "
        "staff and the groups they belong to.",
        r"(?i:stakeholders?)",
    ),
    Term(
        "lived-experience",
        "Lived experience",
        "What you know from living with something yourself, such as caring for a child with SEND. It counts as "
        "expert knowledge.",
        r"(?i:lived experiences?)",
    ),
    Term(
        "parameters",
        "Parameters",
        "The limits a piece of work must keep to, such as the money, the time or the law. A project says what "
        "they are at the start, so no one is promised what cannot happen.",
        r"(?i:parameters?)",
    ),
    Term(
        "block-contracts",
        "Block contracts",
        "A deal where the council or the NHS pays a provider a fixed amount for a service, however many people "
        "use it. A block contract can be hard to change before it ends.",
        r"(?i:block contracts?)",
    ),
    Term(
        "smart",
        "SMART",
        "A way to write a target so you can tell if it was met. A SMART target is specific, measurable, "
        "achievable, realistic and has a date.",
        r"SMART",
        also="Specific, measurable, achievable, realistic, time-bound",
    ),
    Term(
        "naomie",
        "NAOMIE",
        "The steps a project goes through, from Wirral's charter: Need, Aim, Objective (or outcome), Method, "
        "Implementation and Evaluation. This portal uses them for every project.",
        r"NAOMIE",
    ),
    Term(
        "kite-mark",
        "Kite mark",
        "A badge a piece of work earns when it was truly co-produced: it kept to the charter's principles and "
        "the groups who speak for families signed it off. You can check a kite mark on this portal.",
        r"(?i:kite[- ]?marks?)",
    ),
    Term(
        "outcomes",
        "Outcomes",
        "The difference a piece of work makes to children, young people and families. For example: "
        "“I feel safe and supported”.",
        r"(?i:outcomes?)",
    ),
    Term(
        "easy-read",
        "Easy read",
        "Writing made easy to understand, with short sentences, simple words and pictures.",
        r"(?i:easy[- ]read)",
    ),
    Term(
        "reasonable-adjustments",
        "Reasonable adjustments",
        "Changes made so that a disabled person can take part as well as anyone else, such as papers in large "
        "print or a quiet room.",
        r"(?i:reasonable adjustments?)",
    ),
    Term(
        "preparing-for-adulthood",
        "Preparing for adulthood",
        "Help for young people with SEND, from about the age of 14, to plan for adult life: work or college, "
        "health, friends and where they live.",
        r"(?i:prepar(?:ing|ation) for adulthood|pathways to adulthood)",
        also="Pathways to adulthood",
    ),
    Term(
        "icb",
        "Integrated Care Board",
        "The NHS body that plans and pays for health services in an area.",
        r"ICBs?|(?i:integrated care boards?)",
        also="ICB",
    ),
    Term(
        "children-and-families-act",
        "Children and Families Act 2014",
        "The law that says how children and young people with SEND must be helped in England. It says families "
        "must have a say in the services they use.",
        r"(?i:children and families act)",
    ),
    Term(
        "code-of-practice",
        "SEND Code of Practice",
        "The government's guide to the law on SEND, for children and young people from birth to 25. Councils, "
        "the NHS and schools must follow it.",
        r"(?i:code of practice)",
    ),
    Term(
        "you-said-we-did",
        "You Said, We Did",
        "A way of showing what families told the partnership and what it did about it. This portal has a You "
        "Said, We Did page for each area.",
        r"(?i:you said,? we (?:did|are doing))",
    ),
]


def alphabetical() -> list[Term]:
    return sorted(TERMS, key=lambda term: term.name.lower())


# Text inside these is left alone: a link inside a link is not allowed, and a heading, a button or a tag
# reads better without one. So is anything inside an element with the class app-no-glossary (the
# portal's own notes about a charter, which are not the charter's words).
_NO_LINKS = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "button", "label", "strong", "script", "style", "title"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "track"}
_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
_LEFT_ALONE = re.compile(r"""\bclass\s*=\s*["'][^"']*\bapp-no-glossary\b""")


@cache
def _combined() -> re.Pattern:
    return re.compile("|".join(f"(?P<t{i}>{term.regex.pattern})" for i, term in enumerate(TERMS)))


def link_terms(html: str) -> str:
    """HTML with the first use of each glossary word linked to its meaning on /words-we-use/.

    `html` is already escaped markup (a rendered template), so only its text between tags is looked at
    and the words are wrapped as they stand; nothing is unescaped or escaped again."""
    page = reverse("glossary")
    linked: set[int] = set()
    # The open elements, each with whether text inside it is left alone.
    open_elements: list[tuple[str, bool]] = []
    out = []
    for piece in _TAG.split(html):
        if piece.startswith("<"):
            match = _TAG_NAME.match(piece)
            if match:
                closing, name = match[1], match[2].lower()
                if closing:
                    names = [element for element, _ in open_elements]
                    if name in names:
                        del open_elements[len(names) - 1 - names[::-1].index(name) :]
                elif name not in _VOID and not piece.rstrip().endswith("/>"):
                    inside = bool(open_elements) and open_elements[-1][1]
                    open_elements.append((name, inside or name in _NO_LINKS or bool(_LEFT_ALONE.search(piece))))
            out.append(piece)
        elif (open_elements and open_elements[-1][1]) or len(linked) == len(TERMS) or not piece.strip():
            out.append(piece)
        else:
            out.append(_link_text(piece, linked, page))
    return "".join(out)


def _link_text(text: str, linked: set[int], page: str) -> str:
    out, position = [], 0
    for match in _combined().finditer(text):
        index = int(match.lastgroup[1:])
        if index in linked:
            continue
        linked.add(index)
        term = TERMS[index]
        out.append(text[position : match.start()])
        out.append(f'<a class="govuk-link" href="{page}#{term.id}">{match[0]}</a>')
        position = match.end()
    out.append(text[position:])
    return "".join(out)
