"""Queries compiled once and run with new values (issue 16): the same rows as the ORM's."""

import pytest
from django.db import models, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from paddock.core.prepared import Param, Prepared
from paddock.events.enums import EditionRole
from paddock.events.models import EditionMembership
from paddock.participants.models import Participant
from tests import factories
from tests.compilations import compiled_models

pytestmark = pytest.mark.integration

PARTICIPANT = Prepared(
    lambda: Participant.objects.select_related("company", "edition__series").filter(
        user=Param("user", models.BigIntegerField()),
        created_at__lte=Param("at", models.DateTimeField()),
    )
)
ROLES = Prepared(
    lambda: (
        EditionMembership.objects.filter(edition=Param("edition", models.BigIntegerField()))
        .order_by("role")
        .values_list("role", "user__email")
    )
)


def _fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_prepared_first_is_the_querysets_row_with_its_related_objects(
    participant, django_assert_num_queries
):
    with django_assert_num_queries(1):
        found = PARTICIPANT.first(user=participant.user_id, at=timezone.now())
        related = (found.company.name, found.edition.series.name)

    assert (_fields(found), related, found._state.adding, found._state.db) == (
        _fields(Participant.objects.get(pk=participant.pk)),
        (participant.company.name, participant.edition.series.name),
        False,
        "default",
    )


def test_prepared_first_is_none_without_a_row(participant):
    before = participant.created_at - timezone.timedelta(seconds=1)

    assert PARTICIPANT.first(user=participant.user_id, at=before) is None


def test_prepared_rows_are_the_values_list_rows(edition):
    staff, agent = (
        factories.make_user(email="s@example.com"),
        factories.make_user(email="a@example.com"),
    )
    factories.give_role(staff, edition, EditionRole.STAFF)
    factories.give_role(agent, edition, EditionRole.CHECKIN)

    assert ROLES.rows(edition=edition.pk) == [
        ("checkin", "a@example.com"),
        ("staff", "s@example.com"),
    ]


def test_prepared_query_is_compiled_once(participant):
    PARTICIPANT.first(user=participant.user_id, at=timezone.now())

    with compiled_models() as models_compiled:
        PARTICIPANT.first(user=participant.user_id, at=timezone.now())
        PARTICIPANT.first(user=participant.user_id + 1, at=timezone.now())

    assert models_compiled == []


def test_prepared_all_is_every_row_with_its_related_objects(edition):
    first, second = factories.make_participant(edition), factories.make_participant(edition)
    every = Prepared(
        lambda: (
            Participant.objects.select_related("company")
            .filter(edition=Param("edition", models.BigIntegerField()))
            .order_by("-pk")
        )
    )

    found = every.all(edition=edition.pk)

    assert [(_fields(p), p.company.name, p._state.adding) for p in found] == [
        (_fields(p), p.company.name, False) for p in (second, first)
    ]
    assert every.first(edition=edition.pk) == second


LOCKED = Prepared(
    lambda: Participant.objects.select_for_update().filter(pk=Param("pk", models.BigIntegerField()))
)


@pytest.mark.django_db(transaction=True)
def test_prepared_lock_outside_a_transaction_fails_loudly(edition):
    person = factories.make_participant(edition)
    with transaction.atomic():
        LOCKED.first(pk=person.pk)  # compiled inside a transaction, as Django requires

    with pytest.raises(TransactionManagementError) as raised:
        LOCKED.first(pk=person.pk)

    assert str(raised.value) == (
        "A query compiled with select_for_update() runs inside transaction.atomic(): "
        "outside it, it would lock nothing."
    )


@pytest.mark.django_db(transaction=True)
def test_prepared_lock_inside_a_transaction_reads_the_row(edition):
    person = factories.make_participant(edition)

    with transaction.atomic():
        found = LOCKED.first(pk=person.pk)

    assert found == person
