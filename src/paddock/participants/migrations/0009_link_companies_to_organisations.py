"""Give every existing company an organisation of its organiser's directory: companies of one
organiser whose names fold to the same words (case, accents, spacing) share one organisation,
named after the most recent edition's company."""

from django.db import migrations

from paddock.participants.text import fold


def link(apps, schema_editor):
    company_model = apps.get_model("participants", "Company")
    organisation_model = apps.get_model("participants", "Organisation")
    found = {}
    companies = company_model.objects.filter(organisation__isnull=True).select_related(
        "edition__series"
    )
    for company in companies.order_by("-edition__start_date", "pk").iterator(chunk_size=500):
        key = (company.edition.series.organiser_id, fold(company.name))
        if key not in found:
            found[key] = organisation_model.objects.create(
                organiser_id=key[0],
                name=company.name,
                country=company.country,
                website=company.website,
            )
        company.organisation = found[key]
        company.save(update_fields=["organisation"])


def unlink(apps, schema_editor):
    apps.get_model("participants", "Company").objects.update(organisation=None)
    apps.get_model("participants", "Organisation").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("participants", "0008_organisation")]

    operations = [migrations.RunPython(link, unlink)]
