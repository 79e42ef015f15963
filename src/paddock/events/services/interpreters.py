"""Writes about the edition's interpreters: the people who interpret meetings whose two sides
share no language."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paddock.core.services import lock_row, log_action, set_changed
from paddock.events.exceptions import InterpreterError
from paddock.events.models import Edition, Interpreter, TimeSlot, new_link_token
from paddock.events.services.held import holding, live_count
from paddock.events.services.locking import lock_edition


def _save(
    interpreter: Interpreter,
    *,
    name: str,
    email: str,
    languages: list[str],
    available_slots: Iterable[TimeSlot],
) -> None:
    """Save the fields that differ from `interpreter` as the caller read it, and those only
    (`set_changed`), then the slots they do not work in."""
    if not languages:
        raise InterpreterError(
            _("Languages: choose at least one."), code="interpreter_languages", field="languages"
        )
    changed = set_changed(
        interpreter,
        read=interpreter,
        name=name.strip(),
        email=email.strip(),
        languages=sorted(set(languages)),
    )
    interpreter.save(update_fields=changed if interpreter.pk else None)
    available = {slot.pk for slot in available_slots}
    slots = TimeSlot.objects.filter(edition=interpreter.edition).exclude(pk__in=available)
    interpreter.unavailable_slots.set(slots)


@transaction.atomic
def create_interpreter(edition: Edition, *, by: Any, **fields: Any) -> Interpreter:
    """Add an interpreter who works in `available_slots`. Raises InterpreterError
    (field="languages") without a language."""
    interpreter = Interpreter(edition=edition)
    _save(interpreter, **fields)
    log_action("interpreter.create", by=by, edition=edition, obj=interpreter)
    return interpreter


@transaction.atomic
def update_interpreter(interpreter: Interpreter, *, by: Any, **fields: Any) -> Interpreter:
    """Change an interpreter's name, email, languages or slots. Meetings already given to
    them keep them (a later run or move re-checks). Locks the edition (`lock_edition`: a move
    giving them a meeting holds it, then the slot their unavailability refers to), then their
    row; writes the fields that differ from `interpreter` as the caller read it, and those
    only. Raises InterpreterError without a language, InterpreterError(code="interpreter_gone")
    when deleted meanwhile."""
    lock_edition(interpreter.edition)
    if not lock_row(interpreter):
        raise InterpreterError(
            _("%(name)s was deleted meanwhile.") % {"name": interpreter.name},
            code="interpreter_gone",
        )
    _save(interpreter, **fields)
    log_action("interpreter.update", by=by, edition=interpreter.edition, obj=interpreter)
    return interpreter


@transaction.atomic
def delete_interpreter(interpreter: Interpreter, *, by: Any) -> None:
    """Delete an interpreter. Locks the edition (`lock_edition`: a move or a run giving them a
    meeting commits first, and is counted), then their row; raises
    InterpreterError(code="interpreter_busy") while they interpret a live meeting (with the
    count)."""
    lock_edition(interpreter.edition)
    interpreter = Interpreter.objects.select_for_update().get(pk=interpreter.pk)
    live = live_count(holding(interpreter=interpreter))
    if live:
        raise InterpreterError(
            ngettext(
                "%(name)s interprets %(count)s scheduled meeting; move it or run the "
                "schedule again first.",
                "%(name)s interprets %(count)s scheduled meetings; move them or run the "
                "schedule again first.",
                live,
            )
            % {"name": interpreter.name, "count": live},
            code="interpreter_busy",
        )
    log_action("interpreter.delete", by=by, edition=interpreter.edition, obj=interpreter)
    interpreter.delete()


@transaction.atomic
def renew_interpreter_link(interpreter: Interpreter, *, by: Any) -> Interpreter:
    """Give the interpreter's private agenda link a new secret: the old address stops
    working at once (a 404). Raises nothing."""
    interpreter.link_token = new_link_token()
    interpreter.save(update_fields=["link_token"])
    log_action("interpreter.renew_link", by=by, edition=interpreter.edition, obj=interpreter)
    return interpreter
