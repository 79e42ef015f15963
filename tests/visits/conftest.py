import pytest

from paddock.visits.enums import BookingMode
from paddock.visits.models import VisitSettings
from tests.visits.factories import make_visit, make_zone, visitor


@pytest.fixture
def send(db, django_capture_on_commit_callbacks):
    """Runs a service and the mails it queued for after the commit."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def zone(edition):
    return make_zone(edition)


@pytest.fixture
def visit(zone):
    return make_visit(zone, seats=2)


@pytest.fixture
def anna(edition):
    return visitor(edition, "Anna", preferred_language="en")


@pytest.fixture
def bruno(edition):
    return visitor(edition, "Bruno", preferred_language="fr")


@pytest.fixture
def carla(edition):
    return visitor(edition, "Carla", preferred_language="en")


@pytest.fixture
def trio(anna, bruno, carla):
    return [anna, bruno, carla]


@pytest.fixture
def wishes_mode(edition):
    """The edition books its visits from wishes."""
    return VisitSettings.objects.create(edition=edition, booking_mode=BookingMode.WISHES)


@pytest.fixture
def garage(edition, visit):
    """A second zone with one session of one seat."""
    zone = make_zone(edition, name_en="Garage 7", name_fr="Garage sept")
    make_visit(zone, seats=1)
    return zone
