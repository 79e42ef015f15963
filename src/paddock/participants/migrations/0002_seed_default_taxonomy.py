"""Seeds the default capability taxonomy (see participants/taxonomy.py); reversible."""

from django.db import migrations

from paddock.participants.taxonomy import flatten


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    category_model = apps.get_model("participants", "Category")
    by_code = {}
    for code, kind, label_en, label_fr, parent_code, position in flatten():
        by_code[code] = category_model.objects.create(
            code=code,
            kind=kind,
            label_en=label_en,
            label_fr=label_fr,
            parent=by_code.get(parent_code),
            position=position,
        )


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    category_model = apps.get_model("participants", "Category")
    codes = [row[0] for row in flatten()]
    # Children first, as parents are protected.
    for code in reversed(codes):
        category_model.objects.filter(code=code, children__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
