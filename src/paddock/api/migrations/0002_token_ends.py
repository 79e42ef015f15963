import datetime as dt

from django.db import migrations, models
from django.utils import timezone


def a_year_from_now() -> dt.datetime:
    """The end of the tokens made before tokens had one: the longest a new token may have,
    counted from the upgrade, so that none stops at the upgrade and none lasts for ever."""
    return timezone.now() + dt.timedelta(days=365)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_tokens"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(
                default=a_year_from_now,
                help_text="From this moment the token is refused (401 `expired`).",
                verbose_name="ends",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_because",
            field=models.CharField(
                blank=True,
                choices=[
                    ("owner", "revoked by its owner"),
                    ("password_reset", "revoked by a password reset"),
                ],
                max_length=20,
                verbose_name="revoked because",
            ),
        ),
    ]
