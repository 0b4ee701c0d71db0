"""What may be published as "You said" and "We did": never a family's words copied, never a name,
never contact details. Checked on both texts, by the form and again by the service that publishes.

The texts are compared after the ways one thing is written differently are made the same: full-width
and other look-alike characters (NFKC), curly and straight apostrophes, capitals, and the spaces,
dots, slashes and dashes people put between a phone number's digits.
"""

import difflib
import re
import unicodedata

from accounts.models import User

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# An address written out to get round a filter: "sam.jones [at] example [dot] com".
SPELT_EMAIL = re.compile(r"[\w.+'-]+\s*[\[(]\s*at\s*[\])]\s*[\w-]+(?:\s*(?:[\[(]\s*dot\s*[\])]|\.)\s*[\w-]+)+")
# A number however it is broken up: "07700 900123", "07700.900.123", "0 7 7 0 0 …", with the
# letter O typed for a zero ("O77OO 9OO123"). The text is split at these separators; the pieces
# that are digits (and Os) are joined back into one run of digits.
SEPARATORS = re.compile(r"[\s.\-/()]+")
NUMBER_PIECE = re.compile(r"\+?([0-9o]*\d[0-9o]*)([,;:!?]*)")
# A UK phone number is 10 or 11 digits from 0, or 12 from +44; in a longer run, one inside it.
PHONE_DIGITS = re.compile(r"^(?:0\d{9,10}|44\d{10})$")
PHONE_IN_RUN = re.compile(r"0[1-9]\d{8,9}|44[1-9]\d{9}")
WORD = re.compile(r"\w+")
# Runs of this many of the family's words, in their order, are copying, not summarising.
COPIED_WORDS = 8
# Shorter runs of at least COPIED_RUN words that make up this share of the summary are copying too:
# the family's text with every few words swapped is still theirs.
COPIED_RUN = 3
COPIED_SHARE = 0.5
# How alike the two texts may be, from 0 (nothing shared) to 1 (the same).
MOST_ALIKE = 0.75
# A part of a name shorter than this ("Jo", "Al") is too likely to be an ordinary word.
SHORTEST_NAME_PART = 3


def normal(text: str) -> str:
    """The text as it reads: look-alike characters made plain, apostrophes dropped, lower case."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return re.sub(r"['’‘`´]", "", text)


def _words(text: str) -> list[str]:
    return WORD.findall(normal(text))


def _digit_runs(text: str) -> list[str]:
    runs, current = [], ""
    for piece in SEPARATORS.split(normal(text)):
        number = NUMBER_PIECE.fullmatch(piece)
        if number:
            current += number.group(1).replace("o", "0")
        if current and (not number or number.group(2)):
            runs.append(current)
            current = ""
    return [*runs, current] if current else runs


def _national(digits: str) -> str:
    return "0" + digits[2:] if digits.startswith("44") else digits


def copies(summary: str, original: str) -> bool:
    """A summary that is the family's words, or most of them, or runs of them."""
    ours, theirs = _words(summary), _words(original)
    if not ours or not theirs:
        return False
    if ours == theirs:
        return True
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    runs = [block.size for block in matcher.get_matching_blocks()]
    if max(runs, default=0) >= COPIED_WORDS:
        return True
    in_runs = sum(size for size in runs if size >= COPIED_RUN)
    if in_runs >= 2 * COPIED_RUN and in_runs >= COPIED_SHARE * len(ours):
        return True
    return len(theirs) >= 4 and matcher.ratio() >= MOST_ALIKE


def names_in(text: str, names) -> list[str]:
    """The full names (two words or more) that appear in the text, whole words only."""
    said = " ".join(_words(text))
    found = []
    for name in names:
        words = _words(name or "")
        if len(words) >= 2 and re.search(rf"(?<!\w){re.escape(' '.join(words))}(?!\w)", said):
            found.append(name)
    return found


def name_parts_in(text: str, names) -> bool:
    """Whether any part of these names (a first name, a surname, either half of a double-barrelled
    one) stands in the text as a word: for the person the feedback is from."""
    said = set(_words(text))
    return any(part in said for name in names for part in _words(name or "") if len(part) >= SHORTEST_NAME_PART)


def has_contact_details(text: str) -> bool:
    """Any email address or UK phone number, however it is written."""
    if EMAIL.search(text) or SPELT_EMAIL.search(normal(text)):
        return True
    return any(PHONE_DIGITS.match(run) or (len(run) > 12 and PHONE_IN_RUN.search(run)) for run in _digit_runs(text))


def gives_their_contact_details(text: str, emails, phones) -> bool:
    """Their own address or number, or the part of the address before the @, however it is written."""
    said = normal(text)
    for email in filter(None, emails):
        email = normal(email.strip())
        local = email.partition("@")[0]
        if email in said or (
            len(local) >= SHORTEST_NAME_PART and re.search(rf"(?<![\w.]){re.escape(local)}(?!\w)", said)
        ):
            return True
    wanted = {_national(re.sub(r"\D", "", normal(phone)))[-9:] for phone in filter(None, phones)}
    wanted.discard("")
    return any(w in run for run in _digit_runs(text) for w in wanted)


def publishing_problems(feedback, you_said: str, we_did: str) -> dict[str, str]:
    """{field: message} for what may not be published."""
    problems: dict[str, str] = {}
    names, emails, phones = [feedback.name], [feedback.email], [feedback.phone]
    if feedback.submitted_by_id:
        person = feedback.submitted_by
        names, emails, phones = [*names, person.name], [*emails, person.email], [*phones, person.phone]
    family_names = User.objects.filter(partnership_id=feedback.partnership_id).families().values_list("name", flat=True)
    for field, text in (("you_said", you_said), ("we_did", we_did)):
        if gives_their_contact_details(text, emails, phones) or names_in(text, filter(None, names)):
            problems[field] = "Take out their name and contact details"
        elif has_contact_details(text):
            problems[field] = "Take out the email address or phone number: nothing published may contact anyone"
        elif name_parts_in(text, names) or names_in(text, family_names.iterator()):
            problems[field] = "Take out the name: families are never named on You Said, We Did"
        elif copies(text, feedback.text):
            problems[field] = "Write it in your own words: this is too close to what they wrote"
    return problems
