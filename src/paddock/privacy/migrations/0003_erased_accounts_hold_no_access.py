from django.db import migrations

# As `accounts.models.ERASED_DOMAIN`, written here: a migration keeps the value it ran with.
ERASED = "@erased.invalid"


def take_away_access(apps, schema_editor):
    """Accounts erased on request before erasure took away roles and memberships
    (`privacy.access.take_away_access`) still held them: the team pages listed their placeholder
    address. Nothing to undo on the way back: the accounts cannot log in."""
    User = apps.get_model("accounts", "User")
    EditionMembership = apps.get_model("events", "EditionMembership")
    Organiser = apps.get_model("events", "Organiser")
    erased = User.objects.filter(email__endswith=ERASED)
    EditionMembership.objects.filter(user__in=erased).delete()
    Organiser.members.through.objects.filter(user__in=erased).delete()
    erased.filter(is_staff=True).update(is_staff=False)
    erased.filter(is_superuser=True).update(is_superuser=False)
    User.groups.through.objects.filter(user__in=erased).delete()
    User.user_permissions.through.objects.filter(user__in=erased).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_erasure_withdraw_decline"),
        ("events", "0017_retention_help_team_members"),
        ("accounts", "0008_outgoing_mail_held"),
    ]

    operations = [migrations.RunPython(take_away_access, migrations.RunPython.noop)]
