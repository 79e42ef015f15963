"""A problem that a check found in an imported file, kept in no language until it is shown.

The worker checks a file in the language of whoever uploaded it, and the preview is read
later, maybe after they switched language. So each error keeps the English text that the
catalogues are keyed on and its parameters (`core.neutral`), Django's own validation messages
included, and is put into words for its reader when a page or the command shows it. A
preview stored before this keeps plain strings: they are shown as they were written.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from paddock.core.exceptions import DomainError
from paddock.core.neutral import NeutralMessage
from paddock.exchange.columns import Column
from paddock.exchange.mapping import Mapping

# The file's own words (a header, a value), shown as they are, or ours, in no language.
Words = str | NeutralMessage


@dataclass(frozen=True)
class CellError:
    """One problem of the file: its line (0 for the whole file), its column (the file's
    header, or our name of the field when the file has no such column) and what is wrong."""

    line: int
    column: Words
    problem: Words

    @property
    def message(self) -> str:
        """What is wrong, in the active language."""
        return str(self.problem)

    def __str__(self) -> str:
        if not self.line:
            return self.message
        return _("line %(line)d, column %(column)s: %(message)s") % {
            "line": self.line,
            "column": str(self.column),
            "message": self.message,
        }

    def as_json(self) -> list[Any]:
        return [self.line, _words_json(self.column), _words_json(self.problem)]

    @classmethod
    def from_json(cls, data: Sequence[Any]) -> "CellError":
        """Also reads an error stored before errors were kept in no language: plain strings."""
        line, column, problem = data
        return cls(int(line), _words_from_json(column), _words_from_json(problem))


def message(text: str, **params: Any) -> NeutralMessage:
    """Our message `text` (marked with gettext_noop where it is written) and its parameters. A
    parameter may be one of our messages too (a column's name), put into words with it: the %
    of `NeutralMessage.__str__` turns it into text in the active language."""
    return NeutralMessage(text, params)


def column_named(mapping: Mapping, key: str, columns: Iterable[Column]) -> Words:
    """The file's header of the field's column, or the field's own name when unmapped."""
    index = mapping.index(key)
    if index is not None:
        return mapping.headers[index]
    header = next(column.header for column in columns if column.key == key)
    return NeutralMessage(_untranslated(header))


def problem_of(error: ValidationError | DomainError) -> Words:
    """A refusal's message in no language: a domain error's own (its text as written when it
    was raised with translated text); Django's validation messages by their `message` and
    `params` (one given already translated stays as written), side by side when several."""
    if isinstance(error, DomainError):
        return error.neutral or error.message
    problems = [_problem(single) for single in _flat(error)]
    if len(problems) == 1:
        return problems[0]
    # No catalogue knows this text: each message is put into words, then they are joined.
    params = {f"m{number}": problem for number, problem in enumerate(problems)}
    return NeutralMessage(" ".join(f"%({name})s" for name in params), params)


def _problem(error: ValidationError) -> Words:
    english = _untranslated(error.message)
    if not english:
        # A plural message (ngettext_lazy), whose words follow a number among its parameters:
        # no NeutralMessage holds that, so it is kept as written, in the active language.
        return error.message % error.params if error.params else str(error.message)
    return NeutralMessage(english, _params(error.params))


def _flat(error: ValidationError) -> list[ValidationError]:
    if hasattr(error, "error_dict"):
        return [single for errors in error.error_dict.values() for single in errors]
    return list(error.error_list)


def _untranslated(text: Any) -> str:
    """A lazy message's English text, which the catalogues are keyed on; other text as is."""
    if isinstance(text, Promise):
        with translation.override(None):
            return str(text)
    return str(text)


def _params(params: dict[str, Any] | None) -> dict[str, Any]:
    return {name: _param(value) for name, value in (params or {}).items()}


def _param(value: Any) -> Any:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, Promise):  # a field's name, say: put into words when shown
        return NeutralMessage(_untranslated(value))
    return str(value)


def _words_json(words: Any) -> Any:
    if isinstance(words, NeutralMessage):
        params = {name: _words_json(value) for name, value in words.params.items()}
        return {"text": words.text, "params": params}
    return words


def _words_from_json(data: Any) -> Any:
    if isinstance(data, dict):
        params = {name: _words_from_json(value) for name, value in data["params"].items()}
        return NeutralMessage(str(data["text"]), params)
    return data
