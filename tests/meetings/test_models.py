"""What the models say of themselves: the audit log keeps it."""

import pytest
from django.utils import translation

from paddock.meetings.enums import RequestStatus
from paddock.meetings.models import MeetingRequest

pytestmark = pytest.mark.integration


def test_request_str_names_both_sides_and_the_status_in_the_active_language(buyer, supplier):
    requests = [
        MeetingRequest(requester=buyer, recipient=supplier, status=status)
        for status in [*RequestStatus.values, "unknown"]
    ]

    shown = {}
    for language in ("en", "fr", "en"):
        with translation.override(language):
            shown.setdefault(language, []).append([str(request) for request in requests])

    pair = f"{buyer} → {supplier}"
    english = [
        f"{pair} (Waiting for an answer)",
        f"{pair} (Accepted)",
        f"{pair} (Declined)",
        f"{pair} (Cancelled)",
        f"{pair} (Expired)",
        f"{pair} (unknown)",
    ]
    assert shown == {
        "en": [english, english],
        "fr": [
            [
                f"{pair} (En attente de réponse)",
                f"{pair} (Acceptée)",
                f"{pair} (Refusée)",
                f"{pair} (Annulée)",
                f"{pair} (Expirée)",
                f"{pair} (unknown)",
            ]
        ],
    }
    assert str(buyer) == "Bruno Achat (Soudure Sarthe)"  # the test means something
