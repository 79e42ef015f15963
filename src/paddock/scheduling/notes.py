"""The solver's notes (`Solution.reasons`) in the reader's language. The solver writes English
sentences from its templates (`paddock_solver.sentences`), the contract outside tools read;
each is read back into its kind and fields and said again here, with names for the ids. A note
that cannot be read back (written by another tool or an older version) keeps its English, with
the names put in."""

import re
from collections.abc import Mapping
from typing import Any, cast

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy, pgettext

from paddock.events.enums import language_labels
from paddock_solver.sentences import LISTS, NUMBERS, SIDES, Side, Value, read_sentence

# Every kind of the solver's reasons, with the fields of its template. A meeting's participants
# are in its name, so the templates with a meeting leave them out; a list also gives its length
# (`<field>_count`) for the plural.
NOTE_TEXTS: dict[str, Any] = {
    "fixed_outside_session": gettext_lazy(
        "%(meeting)s is fixed to %(slot)s, outside its session %(session)s."
    ),
    "fixed_outside_slots": gettext_lazy(
        "%(meeting)s is fixed to %(slot)s, which is not one of its allowed slots."
    ),
    "fixed_unavailable": ngettext_lazy(
        "%(meeting)s is fixed to %(slot)s, when %(away)s is unavailable.",
        "%(meeting)s is fixed to %(slot)s, when %(away)s are unavailable.",
        "away_count",
    ),
    "after_blocks": gettext_lazy(
        "%(meeting)s has no slot left after the meetings it must come after."
    ),
    "no_slot": gettext_lazy(
        "%(meeting)s has no slot where all its participants are available and its rules allow."
    ),
    "after_cycle": gettext_lazy("The meetings %(meetings)s must each come after another: a cycle."),
    "after_unschedulable": gettext_lazy(
        "%(meeting)s must come after %(earlier)s, which cannot be scheduled."
    ),
    "fixed_table_not_home": gettext_lazy(
        "%(meeting)s is fixed to the table %(table)s, not a home table of its participants."
    ),
    "too_few_slots": gettext_lazy(
        "%(participant)s has more required meetings (%(required)s) than slots where they can "
        "take place (%(slots)s; %(free)s where this person is available)."
    ),
    "over_max_meetings": gettext_lazy(
        "%(participant)s has more required meetings (%(required)s) than the most meetings "
        "allowed to this person (%(max_meetings)s)."
    ),
    "slot_over_tables": gettext_lazy(
        "The slot %(slot)s has more fixed meetings (%(fixed)s) than tables (%(tables)s)."
    ),
    "participant_fixed_twice": gettext_lazy(
        "%(participant)s has two meetings fixed to the slot %(slot)s: %(meeting)s and %(other)s."
    ),
    "table_fixed_twice": gettext_lazy(
        "The table %(table)s has two meetings fixed to the slot %(slot)s: %(meeting)s and "
        "%(other)s."
    ),
    "too_few_table_slots": gettext_lazy(
        "There are more required meetings (%(required)s) than places at a table in a slot "
        "(%(table_slots)s: tables %(tables)s × slots %(slots)s)."
    ),
    "cannot_place": gettext_lazy(
        "The required meetings cannot all be placed: too few tables or common free slots."
    ),
    "max_breaks": gettext_lazy(
        "The required meetings fit, but not with the most breaks allowed to a participant "
        "(%(max_breaks)s): relax the break rules or make meetings optional."
    ),
    "break_spread": gettext_lazy(
        "The required meetings fit, but not with the largest gap allowed between two "
        "participants' numbers of breaks (%(break_spread)s): relax the break rules or make "
        "meetings optional."
    ),
    "max_breaks_and_spread": gettext_lazy(
        "The required meetings fit, but not with the most breaks allowed to a participant "
        "(%(max_breaks)s) and the largest gap allowed between two participants' numbers of "
        "breaks (%(break_spread)s): relax the break rules or make meetings optional."
    ),
    "no_interpreter": gettext_lazy(
        "%(meeting)s needs an interpreter and no interpreter speaks a language of each side "
        "(%(sides)s)."
    ),
    "no_interpreter_free": gettext_lazy(
        "%(meeting)s needs an interpreter and none who speaks a language of each side "
        "(%(sides)s) is available in a slot it may use."
    ),
    "session_over_seats": gettext_lazy(
        "The session %(session)s has more fixed bookings (%(bookings)s) than seats (%(seats)s)."
    ),
    "bookings_overlap": gettext_lazy(
        "%(participant)s holds the sessions %(session)s and %(other)s, which overlap."
    ),
    # Translators: a checker's message follows, in English (the solver's own words).
    "first_come_fails": gettext_lazy("First come, first served fails: %(violation)s"),
    # Translators: a checker's message follows, in English (the solver's own words).
    "checker_refused": gettext_lazy(
        "Internal error, the checker refused the schedule: %(violation)s"
    ),
}


def note_text(note: str, names: Mapping[str, str]) -> str:
    """A solver's note in the active language, with names for ids (`names`: solver id →
    what a person calls it)."""
    read = read_sentence(note)
    if read is None or read[0] not in NOTE_TEXTS:
        return humanise(note, names)
    code, fields = read
    return str(NOTE_TEXTS[code] % _values(fields, names))


def humanise(note: str, names: Mapping[str, str]) -> str:
    """The solver writes ids (`m12 (p3, p9)`); people read names."""
    note = re.sub(r"\b(m\d+) \((p\d+(, p\d+)*)\)", r"\1", note)
    return re.sub(r"\b[mpstv]\d+\b", lambda found: names.get(found[0], found[0]), note)


def _values(fields: Mapping[str, Value], names: Mapping[str, str]) -> dict[str, str | int]:
    out: dict[str, str | int] = {}
    for name, value in fields.items():
        if name in NUMBERS:
            out[name] = cast("int", value)
        elif name in SIDES:
            out[name] = _sides(cast("tuple[Side, ...]", value), names)
        elif name in LISTS:
            ids = cast("tuple[str, ...]", value)
            out[name] = joined([names.get(each, each) for each in ids])
            out[f"{name}_count"] = len(ids)
        else:
            out[name] = humanise(str(value), names)
    meeting = fields.get("meeting")
    if "participants" in fields and meeting not in names:
        # A meeting deleted since the run: its id, and its participants for the reader.
        out["meeting"] = f"{meeting} ({out['participants']})"
    return out


def joined(items: list[str]) -> str:
    """'A', 'B', 'C' → 'A, B and C' in the active language."""
    if len(items) < 2:
        return "".join(items)
    # Translators: the end of a list of names: "Anna, Bert and Carl".
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _sides(sides: tuple[Side, ...], names: Mapping[str, str]) -> str:
    labels = language_labels()
    # Translators: one side of a meeting and the languages that person speaks.
    side = _("%(participant)s: %(languages)s")
    return pgettext("between items that hold commas", "; ").join(
        side
        % {
            "participant": names.get(who, who),
            "languages": ", ".join(labels.get(code, code) for code in spoken),
        }
        for who, spoken in sides
    )
