"""The query planner's statistics of tables that a bulk write has just changed.

PostgreSQL plans every query from per-table statistics (row counts, common values) that
autovacuum refreshes when it gets round to it, once a tenth of a table has changed. Until then,
tables that have just received or lost thousands of rows are planned as they were last
measured: as empty when autovacuum measured them while the rows were still uncommitted (it does
not count another transaction's rows). On tables thought empty the planner joins by nested loops
that compare every row with every row of the next table: a read of 4 ms took 25 to 40 s after
the demo's reset, past the statement timeout. SQLite plans without such statistics.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import Model


def refresh_table_statistics(models: Iterable[type[Model]]) -> None:
    """ANALYZE the models' tables on PostgreSQL; nothing on other databases.

    Inside the transaction that made the bulk write (the demo, a restore), ANALYZE counts that
    transaction's own rows, and its statistics commit (or roll back) with them; it holds a lock
    that keeps autovacuum and any other ANALYZE off the tables until the transaction ends, and
    blocks no reads or writes. Imports, which run beside other people's work, call it once
    committed (`transaction.on_commit`). It samples at most 30,000 rows per table.
    """
    if connection.vendor != "postgresql":
        return
    tables = sorted({model._meta.db_table for model in models})
    if not tables:
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
