"""Which file column holds which field: headers recognised, and values read as codes.

Headers and values are compared without case, accents, spaces or punctuation, so that
"E-mail", "e mail" and "EMAIL" are one header and "Société" is "societe".
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from paddock.exchange.columns import Column

FILE_LANGUAGES = ("en", "fr")
_NOT_WORD = re.compile(r"[\W_]+")
_LIST_SEPARATORS = re.compile(r"[,;/\n]+")


def normalise(text: str) -> str:
    """Lower case without accents, spaces or punctuation: "Pays d'origine" -> "paysdorigine"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub("", bare.casefold())


def split_list(value: str) -> list[str]:
    """The items of a cell listing several values ("fr, en"; "a;b")."""
    return [item.strip() for item in _LIST_SEPARATORS.split(value) if item.strip()]


def header_names(column: Column) -> set[str]:
    """Every spelling of a column's header: its key, its header in English and French, its
    aliases; normalised."""
    names = {normalise(column.key), *(normalise(alias) for alias in column.aliases)}
    for language in FILE_LANGUAGES:
        with translation.override(language):
            names.add(normalise(str(column.header)))
    return names


def recognise(headers: Sequence[str], columns: Sequence[Column]) -> list[str]:
    """The key of the field each file column holds, or "" when not recognised; a field goes to
    the first column that names it."""
    known = {name: column.key for column in columns for name in header_names(column)}
    taken: set[str] = set()
    keys = []
    for header in headers:
        key = known.get(normalise(header), "")
        keys.append("" if key in taken else key)
        taken.add(key)
    return keys


@dataclass(frozen=True)
class Mapping:
    """The field of each file column ("" for ignored columns), and the file's headers."""

    keys: tuple[str, ...]
    headers: tuple[str, ...]

    def index(self, key: str) -> int | None:
        return self.keys.index(key) if key in self.keys else None


def mapping_errors(keys: Sequence[str], columns: Sequence[Column]) -> list[str]:
    """What is wrong with a chosen mapping: a required field without a column, a field given
    to two columns."""
    errors = []
    for column in columns:
        count = list(keys).count(column.key)
        if column.required and count == 0:
            errors.append(
                _("Choose the column that holds “%(field)s”: it is required.")
                % {"field": column.header}
            )
        if count > 1:
            errors.append(
                _("“%(field)s” is chosen for %(count)d columns: choose it for one only.")
                % {"field": column.header, "count": count}
            )
    return errors


def choice_lookup(choices: type[TextChoices]) -> dict[str, str]:
    """Normalised code and labels (English and French) of each choice -> its code."""
    lookup = {}
    for language in FILE_LANGUAGES:
        with translation.override(language):
            for code, label in choices.choices:
                lookup[normalise(str(label))] = code
    lookup |= {normalise(code): code for code in choices.values}
    return lookup


def country_lookup() -> dict[str, str]:
    """Normalised two- and three-letter ISO codes and names (English and French) -> code."""
    lookup = {}
    for language in FILE_LANGUAGES:
        with translation.override(language):
            for country in countries:
                lookup[normalise(str(country.name))] = country.code
    for country in countries:
        lookup[normalise(country.code)] = country.code
        alpha3 = countries.alpha3(country.code)
        if alpha3:
            lookup[normalise(alpha3)] = country.code
    return lookup
