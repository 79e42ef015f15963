"""What PostgreSQL's planner knows of a table, and the work a query's plan did."""

import json
from typing import Any

from django.db import connection


def rows_known_to_planner(model) -> float:
    """The row count the planner starts from (-1: never measured)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table]
        )
        return cursor.fetchone()[0]


def analyze(models) -> None:
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def run_and_explain(queryset) -> dict[str, Any]:
    """The plan of the queryset's query, run: EXPLAIN ANALYZE's top node."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        (found,) = cursor.fetchone()
    return (json.loads(found) if isinstance(found, str) else found)[0]["Plan"]


def rows_examined(node: dict[str, Any]) -> int:
    """Every row that a step of the plan produced or threw away, over all its loops: the work
    done, which a nested loop over a table thought empty multiplies."""
    seen = node["Actual Rows"] + node.get("Rows Removed by Filter", 0)
    seen += node.get("Rows Removed by Join Filter", 0)
    return seen * node["Actual Loops"] + sum(rows_examined(n) for n in node.get("Plans", []))
