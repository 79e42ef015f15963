"""Runs are numbered per edition: "Run 1" is the first run of its edition, whatever its pk."""

from itertools import groupby
from typing import Any

from django.db import migrations, models


def number_runs(apps: Any, schema_editor: Any) -> None:
    """Number the existing runs of each edition 1, 2, 3… in the order they were asked."""
    ScheduleRun = apps.get_model("scheduling", "ScheduleRun")  # noqa: N806 (a model class)
    runs = ScheduleRun.objects.order_by("edition_id", "created_at", "pk")
    for _edition, of_edition in groupby(runs, key=lambda run: run.edition_id):
        for number, run in enumerate(of_edition, start=1):
            ScheduleRun.objects.filter(pk=run.pk).update(number=number)


def forget_numbers(apps: Any, schema_editor: Any) -> None:
    """Going back drops the column: nothing to undo in the rows."""


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="schedulerun",
            name="number",
            field=models.PositiveIntegerField(null=True, verbose_name="number"),
        ),
        migrations.RunPython(number_runs, forget_numbers),
        migrations.AlterField(
            model_name="schedulerun",
            name="number",
            field=models.PositiveIntegerField(
                help_text="Counts the runs of the edition: 1 for its first run.",
                verbose_name="number",
            ),
        ),
        migrations.AddConstraint(
            model_name="schedulerun",
            constraint=models.UniqueConstraint(
                fields=("edition", "number"), name="run_number_per_edition"
            ),
        ),
    ]
