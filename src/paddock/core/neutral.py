"""A message kept in no language: the English text the translation catalogues are keyed on,
and its parameters. A failed background job stores one on its row (`core.failures`), and each
reader gets it in their own language when the page is shown."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

Params = dict[str, str | int | float]


@dataclass(frozen=True)
class NeutralMessage:
    text: str  # marked for the catalogue where it is written (gettext_noop)
    params: Params = field(default_factory=dict)

    def __str__(self) -> str:
        """The message in the active language."""
        translated = gettext(self.text)
        return translated % self.params if self.params else translated

    def as_json(self) -> dict[str, Any]:
        return {"text": self.text, "params": dict(self.params)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "NeutralMessage":
        return cls(str(data["text"]), dict(data.get("params") or {}))
