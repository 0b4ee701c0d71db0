"""How easy a text is to read: the Flesch reading ease score, in a few lines.

No kept library does this here (textstat is not among the packages this project can install), so
this is the published formula with the usual rule-of-thumb syllable count. Scores run from about 0
(very hard) to 100 (very easy); most people find 60 or more easy to read.
"""

import re

EASY = 60

# A sentence ends at a full stop, question mark or exclamation mark, or at a line break: a heading,
# a list item or a line of a form is read as a sentence of its own.
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n+")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
# A final "e", "es" or "ed" after a consonant is usually silent: "make", "shapes", "asked".
_SILENT_ENDING = re.compile(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$")


def syllables(word: str) -> int:
    """About how many syllables a word has (at least one); a hyphenated word counts each part."""
    parts = [part for part in re.split(r"[-]", word.lower()) if part]
    return sum(_part_syllables(part) for part in parts) or 1


def _part_syllables(part: str) -> int:
    part = re.sub(r"[^a-z]", "", part)
    if not part:
        return 1  # a number is read as one word
    if len(part) <= 3:
        return 1
    part = _SILENT_ENDING.sub("", part).removeprefix("y")
    return max(1, len(_VOWEL_GROUPS.findall(part)))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(text) if words(part)]


def flesch_reading_ease(text: str) -> float | None:
    """206.835 - 1.015 * (words per sentence) - 84.6 * (syllables per word); None for no words."""
    found = words(text)
    if not found:
        return None
    sentence_count = max(1, len(sentences(text)))
    syllable_count = sum(syllables(word) for word in found)
    return round(206.835 - 1.015 * len(found) / sentence_count - 84.6 * syllable_count / len(found), 1)


def in_words(score: float) -> str:
    """What a score means, as a reader would put it."""
    if score >= 80:
        return "very easy to read"
    if score >= EASY:
        return "easy to read"
    if score >= 50:
        return "fairly hard to read"
    if score >= 30:
        return "hard to read"
    return "very hard to read"
