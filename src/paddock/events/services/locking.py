"""The edition's row lock, taken first by every write that changes an edition's schedule.

One order everywhere: the edition, then slots, then meetings and participants. Publishing
(which reads every meeting, then writes a snapshot and each meeting's published place), the
changes on the day, the grid's moves, applying a run and the time grid's writes all begin
here, so that they are served one at a time and a publication never reads a change that is
about to commit (issue 16: a change told on the day was lost and announced again at the next
publication; a grid move deadlocked with a publication).
"""

from paddock.events.models import Edition


def lock_edition(edition: Edition) -> Edition:
    """The edition's row, locked until the transaction ends (call inside `transaction.atomic`,
    before locking any slot, meeting or participant).

    FOR NO KEY UPDATE on PostgreSQL: holders of this lock wait for each other, while rows that
    merely refer to the edition (an audit entry, a check-in) still commit, since their foreign
    key takes a key-share lock on the edition at commit time. Had the lock blocked those, a
    transaction holding a meeting's lock would wait at its commit for a publication waiting
    for that meeting: a deadlock."""
    return Edition.objects.select_for_update(no_key=True).get(pk=edition.pk)
