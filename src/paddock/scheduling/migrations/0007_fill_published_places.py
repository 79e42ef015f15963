from django.db import migrations

BATCH = 1000


def fill_published_places(apps, schema_editor):
    """Each publication counts the meetings of its snapshot; each meeting of an edition gets its
    place in the edition's latest snapshot (none when not in it)."""
    PublishedSchedule = apps.get_model("scheduling", "PublishedSchedule")
    Meeting = apps.get_model("meetings", "Meeting")
    latest = {}
    for published in PublishedSchedule.objects.order_by("edition_id", "published_at", "pk"):
        published.meetings = len(published.assignments)
        published.save(update_fields=["meetings"])
        latest[published.edition_id] = published.assignments
    for edition_id, assignments in latest.items():
        meetings = list(Meeting.objects.filter(edition_id=edition_id).only("pk"))
        for meeting in meetings:
            slot, table = assignments.get(str(meeting.pk)) or (None, None)
            meeting.published_slot, meeting.published_table = slot, table
        Meeting.objects.bulk_update(
            meetings, ["published_slot", "published_table"], batch_size=BATCH
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_meeting_published_place"),
        ("scheduling", "0006_published_meetings"),
    ]

    operations = [
        migrations.RunPython(fill_published_places, migrations.RunPython.noop),
    ]
