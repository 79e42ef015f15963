"""PostgreSQL plans each query from per-table statistics that autovacuum refreshes when it gets
round to it. Analysed while the demo's rows were not yet committed, the tables look empty: the
read of 2019's outcomes, 4 ms with fresh statistics, then compared every row with every other
row of nine tables (25 million rows examined, 25 to 40 s after a reset). The demo leaves fresh
statistics behind, whatever autovacuum did meanwhile."""

import pytest
from django.db import connection

from paddock.accounts.models import User
from paddock.demo.builder import delete_demo
from paddock.events.models import Edition, TimeSlot
from paddock.meetings.models import Meeting
from paddock.outcomes.models import Outcome
from paddock.participants.models import Company, Participant
from tests.demo.building import run_demo
from tests.planner import analyze, rows_examined, run_and_explain

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner"),
]

READ_TABLES = (Outcome, Meeting, TimeSlot, Participant, Company, User, Edition)


def test_demo_read_after_a_build_on_statistics_of_empty_tables_stays_linear(demo, db):
    # As autovacuum may leave them: analysed in the middle of the build, when the rows were
    # another transaction's. Deleted in this one, they are not counted either. The lock that
    # ANALYZE takes keeps autovacuum off these tables until this test's transaction ends.
    delete_demo()
    analyze(READ_TABLES)

    run_demo()

    edition = Edition.objects.get(slug="ibd-2019")
    plan = run_and_explain(
        Outcome.objects.filter(meeting__edition=edition).select_related(
            "participant__user", "meeting__first__user", "meeting__second__user"
        )
    )
    # Fresh statistics: about 20 rows examined per row read (nine tables joined); on
    # statistics of empty tables, over 900 without a reset and 80,000 after one.
    assert (plan["Actual Rows"], rows_examined(plan) <= 100 * plan["Actual Rows"]) == (
        Outcome.objects.filter(meeting__edition=edition).count(),
        True,
    )
