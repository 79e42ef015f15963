import pytest

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
