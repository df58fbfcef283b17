"""Is the text French? Function words tell, without a model to load.

Each language's most frequent function words (articles, pronouns,
prepositions, conjunctions) cover a large share of any text written in it,
and a small share of a text in another language. The text's words are
counted against seven short lists; the language whose words cover the most
is the text's. Short texts (fewer than 20 words) are not judged. Loading a
statistical identifier (py3langid) took about 2 s on this machine: more than
the whole import of a typical testimonial.
"""

from __future__ import annotations

import re

from kb.core.french import fold

MIN_WORDS = 20
NAMES = {"fr": "français", "en": "anglais", "es": "espagnol", "it": "italien", "de": "allemand",
         "pt": "portugais", "nl": "néerlandais"}
FUNCTION_WORDS = {language: frozenset(fold(w) for w in words.split()) for language, words in {
    "fr": "le la les l des du d un une et est en que qu qui dans pour pas au aux ce c cette ces il elle ils "
          "elles nous vous on ne n se s sa son ses leur leurs plus par sur avec mais ou où sont été être avoir "
          "fait tout très aussi comme j je tu y",
    "en": "the and of to is in that it for was with as on be are this by have not but they at from or which "
          "you his her their an has had were would will been can i we",
    "es": "el los las del y que en un una es por con para no se su sus lo como más pero fue este esta son al "
          "muy también le la de",
    "it": "il lo gli della delle dei che e di un una per con non si sono come anche più nel nella alla questo "
          "questa ma la le è",
    "de": "der die das und ist nicht ein eine mit von zu den dem des auf für sich auch als wie aber wir sie es "
          "im bei nach ich",
    "pt": "o os as da das do dos e que em um uma para com não se por mais como mas foi são ao pela pelo é",
    "nl": "de het een en van is dat niet op te zijn met voor die er maar ook als bij aan wordt ik we",
}.items()}


def language_of(text: str) -> str | None:
    """The code of the text's language (« fr », « en »…), or None when the
    text is too short or uses none of the listed words."""
    words = [w for w in re.split(r"[\W\d_]+", fold(text)) if w]
    if len(words) < MIN_WORDS:
        return None
    shares = {lang: sum(w in vocabulary for w in words) / len(words) for lang, vocabulary in FUNCTION_WORDS.items()}
    best = max(shares, key=shares.get)
    if shares[best] < 0.05:
        return None
    # French wins ties and near-ties: the lists share words (de, la, en, que).
    if best != "fr" and shares["fr"] >= 0.8 * shares[best]:
        return "fr"
    return best


def language_name(code: str) -> str:
    return NAMES.get(code, code)
