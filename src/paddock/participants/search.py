"""Upkeep of the folded search column the catalogue searches in."""

from collections.abc import Iterable

from paddock.participants.models import Company, Need, Offer
from paddock.participants.text import fold


def refresh_search_text(companies: Iterable[Company]) -> None:
    """Rebuild `search_text` of these companies from their fields, offers and needs.

    Category labels are left out on purpose: the catalogue matches them through the taxonomy,
    so renaming a category needs no rebuild. Three queries whatever the number of companies.
    """
    by_pk = {company.pk: company for company in companies}
    texts: dict[int, list[str]] = {
        pk: [company.name, company.city, company.description] for pk, company in by_pk.items()
    }
    for model in (Offer, Need):
        rows = model.objects.filter(company__in=list(by_pk)).exclude(text="")
        for company_id, text in rows.values_list("company_id", "text"):
            texts[company_id].append(text)
    for pk, company in by_pk.items():
        company.search_text = fold(" ".join(texts[pk]))
    Company.objects.bulk_update(by_pk.values(), ["search_text"])
