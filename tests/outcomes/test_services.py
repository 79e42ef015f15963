"""The outcome services' refusals: domain errors with a stable code and a translated message,
so the portal's forms and the API show them as every other domain's."""

import pytest
from django.utils import translation

from paddock.core.exceptions import DomainError
from paddock.outcomes import services
from paddock.outcomes.models import Outcome

pytestmark = pytest.mark.integration


def test_record_outcome_without_interest_raises_a_translated_domain_error(meeting, buyer):
    with translation.override("fr"), pytest.raises(DomainError) as refused:
        services.record_outcome(meeting, participant=buyer, by=buyer.user, took_place=True)

    assert (
        refused.value.code,
        refused.value.message,
        refused.value.field,
        Outcome.objects.count(),
    ) == ("interest_required", "Dites quel intérêt a eu la rencontre.", "interest", 0)
