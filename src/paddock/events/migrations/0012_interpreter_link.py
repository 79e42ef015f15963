"""Each interpreter gets the secret of a private link to their own agenda: the column is added
empty, every existing interpreter gets a secret of their own, then the column becomes unique."""

from django.db import migrations, models

import paddock.events.models


def give_each_a_secret(apps, schema_editor):
    Interpreter = apps.get_model("events", "Interpreter")
    for interpreter in Interpreter.objects.filter(link_token__isnull=True):
        interpreter.link_token = paddock.events.models.new_link_token()
        interpreter.save(update_fields=["link_token"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0011_interpreters"),
    ]

    operations = [
        migrations.AddField(
            model_name="interpreter",
            name="link_token",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(give_each_a_secret, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="interpreter",
            name="link_token",
            field=models.CharField(
                default=paddock.events.models.new_link_token,
                help_text=(
                    "The secret in the address of the interpreter's own agenda; renewing it "
                    "revokes the old address."
                ),
                max_length=64,
                unique=True,
                verbose_name="private link key",
            ),
        ),
    ]
