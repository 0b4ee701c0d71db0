"""What may be published as "You said" and "We did": never a family's words copied, never a name,
never contact details. Checked on both texts, by the form and again by the service that publishes."""

import difflib
import re

from accounts.models import Role, User

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# UK phone numbers, however they are spaced: 07700 900999, +44 7700 900999, (020) 7946 0958.
PHONE = re.compile(r"(?<![\d+])(?:\+44[\s-]?(?:\(0\))?[\s-]?|\(?0)\d(?:[\s()-]*\d){8,9}(?!\d)")
WORD = re.compile(r"[\w']+")
# Runs of this many of the family's words, in their order, are copying, not summarising.
COPIED_WORDS = 8
# How alike the two texts may be, from 0 (nothing shared) to 1 (the same).
MOST_ALIKE = 0.75


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def copies(summary: str, original: str) -> bool:
    """A summary that is the family's words, or most of them, or a long run of them."""
    ours, theirs = _words(summary), _words(original)
    if not ours or not theirs:
        return False
    if ours == theirs:
        return True
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    longest = max((block.size for block in matcher.get_matching_blocks()), default=0)
    if longest >= COPIED_WORDS:
        return True
    return len(theirs) >= 4 and matcher.ratio() >= MOST_ALIKE


def names_in(text: str, names) -> list[str]:
    """The full names (two words or more) that appear in the text, whole words only."""
    lowered = " ".join(_words(text))
    found = []
    for name in names:
        words = _words(name or "")
        if len(words) >= 2 and re.search(rf"(?<!\w){re.escape(' '.join(words))}(?!\w)", lowered):
            found.append(name)
    return found


def publishing_problems(feedback, you_said: str, we_did: str) -> dict[str, str]:
    """{field: message} for what may not be published."""
    problems: dict[str, str] = {}
    private = [feedback.name, feedback.email, feedback.phone]
    if feedback.submitted_by_id:
        private += [feedback.submitted_by.name, feedback.submitted_by.email, feedback.submitted_by.phone]
    family_names = User.objects.filter(partnership_id=feedback.partnership_id, role=Role.FAMILY).values_list(
        "name", flat=True
    )
    for field, text in (("you_said", you_said), ("we_did", we_did)):
        lowered = text.lower()
        if any(value and value.strip() and value.strip().lower() in lowered for value in private):
            problems[field] = "Take out their name and contact details"
        elif EMAIL.search(text) or PHONE.search(text):
            problems[field] = "Take out the email address or phone number: nothing published may contact anyone"
        elif names_in(text, [n for n in private if n]) or names_in(text, family_names.iterator()):
            problems[field] = "Take out the name: families are never named on You Said, We Did"
        elif copies(text, feedback.text):
            problems[field] = "Write it in your own words: this is too close to what they wrote"
    return problems
