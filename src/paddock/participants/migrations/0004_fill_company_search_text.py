"""Fill the folded search column of the companies that existed before it."""

from django.db import migrations

from paddock.participants.text import fold


def fill(apps, schema_editor):
    company_model = apps.get_model("participants", "Company")
    for company in company_model.objects.prefetch_related("offers", "needs").iterator(
        chunk_size=500
    ):
        parts = [company.name, company.city, company.description]
        parts += [item.text for item in [*company.offers.all(), *company.needs.all()]]
        company.search_text = fold(" ".join(parts))
        company.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [("participants", "0003_profile_visibility_unavailability_attachments")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
