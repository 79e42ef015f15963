"""An API PATCH sets the values it sends as they are when it runs: a save by someone else
between the request's read of the row and the service's lock is no edit form's conflict."""

import threading

import pytest
from django.db import connections

from paddock.participants import profile
from paddock.participants.models import Company
from tests import factories
from tests.api.conftest import bearer, new_token

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]


def _in_own_connection(call):
    try:
        call()
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_company_patch_sets_the_city_saved_by_someone_else_after_its_read(
    client, edition, organiser_user, monkeypatch
):
    company = factories.make_company(edition, name="Usinage Sarthe", city="Alençon")
    real_update = profile.update_company

    def someone_else_first(*args, **kwargs):
        save = lambda: Company.objects.filter(pk=company.pk).update(city="Laval")  # noqa: E731
        thread = threading.Thread(target=_in_own_connection, args=(save,))
        thread.start()
        thread.join()
        return real_update(*args, **kwargs)

    monkeypatch.setattr(profile, "update_company", someone_else_first)
    text = new_token(organiser_user, edition, write=True)

    response = client.patch(
        f"/api/v1/editions/{edition.slug}/companies/{company.pk}",
        {"city": "Le Mans"},
        content_type="application/json",
        headers=bearer(text),
    )

    assert (response.status_code, response.json()["city"]) == (200, "Le Mans")
    assert Company.objects.get(pk=company.pk).city == "Le Mans"
