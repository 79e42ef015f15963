import pytest

from paddock.core.models import AuditEntry
from paddock.matchmaking import services
from paddock.matchmaking.models import Recommendation
from paddock.matchmaking.services import recompute_recommendations
from paddock.matchmaking.tasks import request_recompute
from paddock.participants.enums import ParticipantRole, ParticipantStatus
from paddock.participants.models import Category, Need, Offer
from tests import factories

pytestmark = pytest.mark.integration


def category(code):
    return Category.objects.get(code=code)


@pytest.fixture
def small_edition(edition):
    """A buyer needing metal 3D printing, a printer, a welder, and the buyer's colleague."""
    buyer_company = factories.make_company(edition, name="Soudures Sarthoises")
    printer_company = factories.make_company(edition, name="Additif 72")
    welder_company = factories.make_company(edition, name="Welding Works")
    Need.objects.create(company=buyer_company, category=category("additive-metal"))
    Offer.objects.create(company=buyer_company, category=category("tig-welding"))
    Offer.objects.create(
        company=printer_company,
        category=category("laser-powder-bed-fusion"),
        text="Laser powder-bed fusion in titanium",
    )
    Need.objects.create(company=welder_company, text="Soudage TIG de cadres")
    people = {
        "buyer": factories.make_participant(
            edition, company=buyer_company, role=ParticipantRole.BOTH
        ),
        "colleague": factories.make_participant(
            edition, company=buyer_company, role=ParticipantRole.BUYER
        ),
        "printer": factories.make_participant(edition, company=printer_company),
        "welder": factories.make_participant(
            edition, company=welder_company, role=ParticipantRole.BUYER, languages=["de"]
        ),
        "invited": factories.make_participant(
            edition, company=printer_company, status=ParticipantStatus.INVITED
        ),
    }
    return edition, people


def stored_pairs(edition):
    rows = Recommendation.objects.filter(edition=edition).order_by("participant_id", "-score")
    return [(row.participant_id, row.other_id) for row in rows]


def test_recompute_stores_each_participants_best_matches(small_edition, organiser_user):
    edition, people = small_edition

    stored = recompute_recommendations(edition, by=organiser_user)

    buyer, colleague, printer, welder = (
        people[name].pk for name in ("buyer", "colleague", "printer", "welder")
    )
    assert stored == 8
    assert stored_pairs(edition) == [
        (buyer, printer),  # a kind of what the buyer needs, and a language in common
        (buyer, welder),
        (colleague, printer),  # a buyer only: no role bonus with the welder, a buyer
        (colleague, welder),
        (printer, buyer),
        (printer, colleague),
        (welder, buyer),
        (welder, colleague),
    ]
    assert list(AuditEntry.objects.values_list("action", "actor", "data")) == [
        (
            "matchmaking.recompute",
            organiser_user.pk,
            {"participants": 4, "recommendations": 8},
        )
    ]


def test_recompute_replaces_the_previous_recommendations(small_edition):
    edition, people = small_edition
    recompute_recommendations(edition)
    Offer.objects.filter(company=people["printer"].company).delete()

    stored = recompute_recommendations(edition)

    buyer, colleague, welder = (people[name].pk for name in ("buyer", "colleague", "welder"))
    assert stored == 4
    assert stored_pairs(edition) == [
        (buyer, welder),
        (colleague, welder),
        (welder, buyer),
        (welder, colleague),
    ]


def test_recompute_leaves_other_editions_alone(small_edition):
    edition, _ = small_edition
    other = factories.make_edition()
    recompute_recommendations(edition)

    assert recompute_recommendations(other) == 0

    assert len(stored_pairs(edition)) == 8


def test_request_recompute_runs_the_task_once_the_transaction_commits(
    small_edition, django_capture_on_commit_callbacks
):
    edition, _ = small_edition

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        request_recompute(edition)
        stored_before_commit = len(stored_pairs(edition))

    assert (len(callbacks), stored_before_commit, len(stored_pairs(edition))) == (1, 0, 8)


def test_recompute_stores_nothing_when_a_later_run_already_stored(small_edition, monkeypatch):
    edition, _ = small_edition
    real_input = services.matchmaking_input

    def input_then_a_later_run_finishes(edition_):
        found = real_input(edition_)
        monkeypatch.setattr(services, "matchmaking_input", real_input)
        recompute_recommendations(edition_)  # starts later, stores first
        return found

    monkeypatch.setattr(services, "matchmaking_input", input_then_a_later_run_finishes)

    assert recompute_recommendations(edition) is None
    assert len(stored_pairs(edition)) == 8
