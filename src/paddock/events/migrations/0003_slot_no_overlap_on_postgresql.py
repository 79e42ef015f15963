"""On PostgreSQL the database itself refuses overlapping slots of one edition.

SQLite has no exclusion constraints; there the services check overlaps under a lock.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE events_timeslot ADD CONSTRAINT slot_no_overlap
  EXCLUDE USING gist (edition_id WITH =, tstzrange(start, "end") WITH &&);
"""
DROP = "ALTER TABLE events_timeslot DROP CONSTRAINT IF EXISTS slot_no_overlap;"


def _on_postgresql(sql: str):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("events", "0002_table_home_participant")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
