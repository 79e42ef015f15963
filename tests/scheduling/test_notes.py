"""The solver's notes on the run page in the reader's language: each kind of reason the solver
writes has its text here, and a real run that fails shows a French organiser French sentences
with names for the solver's ids."""

import html
import re
from dataclasses import replace

import pytest
from django.urls import reverse
from django.utils import translation

import paddock_solver
from paddock.scheduling.enums import RunStatus
from paddock.scheduling.models import ScheduleRun
from paddock.scheduling.notes import NOTE_TEXTS, note_text
from paddock.scheduling.services import start_schedule_run
from paddock.scheduling.services.runs import problem_for
from paddock.visits.enums import BookingMode, BookingStatus
from paddock.visits.models import Booking, VisitSettings
from paddock_solver.io import problem_to_dict, solution_to_dict
from paddock_solver.model import Rules
from paddock_solver.sentences import LISTS, NUMBERS, SIDES, TEMPLATES, TEXTS, fields_of, sentence
from tests import factories
from tests.scheduling.helpers import place, short_visit

pytestmark = pytest.mark.integration

SMALL = {"time_limit_s": 10, "seed": 0, "workers": 1}
NAMES = {"m1": "Anna – Bert", "m2": "Anna – Carl", "p3": "Carl", "p4": "Dora"}


def test_every_kind_of_solver_reason_has_its_text_in_the_app():
    assert set(NOTE_TEXTS) == set(TEMPLATES)


def _fields(code):
    """Each field of the template with a value of its own (ids `p<n>`, named `Name<n>`), and
    what the reader should find of it."""
    fields, shown = {}, {}
    for n, name in enumerate(fields_of(code), start=1):
        if name in NUMBERS:
            fields[name], shown[name] = 100 + n, [str(100 + n)]
        elif name in LISTS:
            fields[name], shown[name] = (f"p{n}", f"p{n}0"), [f"Name{n}", f"Name{n}0"]
        elif name in SIDES:
            fields[name], shown[name] = ((f"p{n}", ("de",)),), [f"Name{n}"]
        elif name in TEXTS:
            fields[name], shown[name] = f"p{n} twice", [f"Name{n} twice"]
        else:
            fields[name], shown[name] = f"p{n}", [f"Name{n}"]
    if "meeting" in fields:
        shown.pop("participants", None)  # in the meeting's name
    return fields, shown


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_every_kind_of_note_says_each_of_its_fields_in_french_with_names(code):
    fields, shown = _fields(code)
    names = {f"p{n}{zero}": f"Name{n}{zero}" for n in range(1, 9) for zero in ("", "0")}
    note = sentence(code, **fields)

    with translation.override("en"):
        english = note_text(note, names)
    with translation.override("fr"):
        french = note_text(note, names)

    wanted = [each for values in shown.values() for each in values]
    assert (
        french != english,
        [each for each in wanted if each not in english or each not in french],
        re.findall(r"%\(|\bp\d+\b", english + french),
    ) == (True, [], [])


def test_a_list_of_names_reads_as_a_sentence_in_french():
    note = sentence("after_cycle", meetings=("m1", "m2", "m3"))

    with translation.override("fr"):
        french = note_text(note, NAMES)

    assert french == (
        "Les rendez-vous Anna – Bert, Anna – Carl et m3 doivent chacun venir après un "
        "autre\u00a0: un cycle."
    )


def test_a_meeting_deleted_since_the_run_is_named_with_its_participants():
    note = sentence("after_blocks", meeting="m9", participants=("p3", "p4"))

    with translation.override("fr"):
        french = note_text(note, NAMES)

    assert french == (
        "Le rendez-vous m9 (Carl et Dora) n’a plus de créneau après les rendez-vous qu’il doit "
        "suivre."
    )


def test_a_note_of_another_tool_keeps_its_english_with_names():
    with translation.override("fr"):
        text = note_text("m1 (p1, p2) clashes with p3's lunch", NAMES)

    assert text == "Anna – Bert clashes with Carl's lunch"


def _french_page(client, edition, run):
    """The run page's notes for a French organiser, and those the page does not show."""
    notes, _errors, missing = _french_page_with_errors(client, edition, run)
    return notes, missing


def _french_page_with_errors(client, edition, run):
    response = client.get(
        reverse("scheduling:run-detail", args=[edition.slug, run.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    notes = response.context["results"].notes
    page = html.unescape(response.content.decode())
    errors = re.findall(r'<p class="message error">(.*?)</p>', page)
    return notes, errors, [note for note in notes if note not in page]


def test_a_meeting_fixed_where_someone_is_away_is_said_in_french(
    orga, edition, venue, people, meetings
):
    place(meetings[0], venue.slots[0], venue.tables[0], locked=True)
    people.anna.unavailable_slots.add(venue.slots[0])
    orga.post(reverse("scheduling:run-list", args=[edition.slug]), {"time_limit_s": 5})
    run = ScheduleRun.objects.get()

    notes, errors, missing = _french_page_with_errors(orga, edition, run)

    assert (run.status, notes, errors, missing) == (
        RunStatus.FAILED,
        [
            "Le rendez-vous Anna Test (Anna SAS) – Bert Test (Bert SAS) est fixé à 12/06 09:00, "
            "quand Anna Test est indisponible."
        ],
        ["Aucun planning n’a été trouvé\u00a0; voir les remarques du solveur."],
        [],
    )


def test_a_person_fixed_twice_in_a_slot_is_said_in_french(orga, edition, venue, people, meetings):
    place(meetings[0], venue.slots[0], venue.tables[0], locked=True)
    place(meetings[1], venue.slots[0], venue.tables[1], locked=True)
    orga.post(reverse("scheduling:run-list", args=[edition.slug]), {"time_limit_s": 5})
    run = ScheduleRun.objects.get()

    notes, missing = _french_page(orga, edition, run)

    assert (run.status, notes, missing) == (
        RunStatus.FAILED,
        [
            "Anna Test a plus de rendez-vous obligatoires (2) que de créneaux où ils peuvent "
            "avoir lieu (1\u00a0; 4 où cette personne est disponible).",
            "Anna Test a deux rendez-vous fixés au créneau 12/06 09:00\u00a0: "
            "Anna Test (Anna SAS) – Bert Test (Bert SAS) et "
            "Anna Test (Anna SAS) – Carl Test (Carl SAS).",
        ],
        [],
    )


def test_break_rules_that_cannot_be_met_are_said_in_french(orga, edition, venue, people, meetings):
    # The edition's own problem with every meeting required, no break allowed and Anna away in
    # the second slot: her three meetings cannot follow each other. The web app sets no break
    # rule, so the run is stored as a run of this problem would be.
    people.anna.unavailable_slots.add(venue.slots[1])
    base = problem_for(edition, reoptimise=False)
    problem = replace(
        base,
        meetings=tuple(replace(m, required=True) for m in base.meetings),
        rules=Rules(max_breaks=0),
    )
    solution = paddock_solver.solve(problem, **SMALL)
    run = ScheduleRun.objects.create(
        edition=edition,
        number=1,
        status=RunStatus.FAILED,
        problem=problem_to_dict(problem),
        solution=solution_to_dict(solution),
        solver_status=solution.status,
    )

    notes, missing = _french_page(orga, edition, run)

    assert (solution.status, notes, missing) == (
        "infeasible",
        [
            "Les rendez-vous obligatoires tiennent, mais pas avec le nombre maximal de temps "
            "morts permis à un participant (0)\u00a0: assouplissez les règles de temps morts ou "
            "rendez des rendez-vous facultatifs."
        ],
        [],
    )


@pytest.mark.parametrize("locked", [False, True])
def test_a_meeting_nobody_can_interpret_is_said_in_french(orga, edition, venue, meetings, locked):
    # Left out when it may be; when locked, no schedule at all, for the same reason.
    place(meetings[2], venue.slots[0], venue.tables[0], locked=locked)
    factories.make_interpreter(edition, name="Ana", languages=["fr", "en"])
    orga.post(reverse("scheduling:run-list", args=[edition.slug]), {"time_limit_s": 10})
    run = ScheduleRun.objects.get()

    notes, missing = _french_page(orga, edition, run)

    assert (run.status, notes, missing) == (
        RunStatus.FAILED if locked else RunStatus.SUCCEEDED,
        [
            "Le rendez-vous Anna Test (Anna SAS) – Dora Test (Dora SAS) a besoin d’un interprète "
            "et aucun interprète ne parle une langue de chaque côté (Anna Test\u00a0: Français"
            "\u00a0; Dora Test\u00a0: Allemand)."
        ],
        [],
    )


@pytest.mark.usefixtures("meetings")
def test_more_seats_booked_than_a_visit_has_is_said_in_french(
    orga, edition, organiser_user, people
):
    VisitSettings.objects.create(edition=edition, booking_mode=BookingMode.WISHES)
    visit = short_visit(edition, seats=1)
    for someone in (people.anna, people.bert):
        Booking.objects.create(participant=someone, session=visit, status=BookingStatus.CONFIRMED)
    run = start_schedule_run(edition, by=organiser_user, **SMALL)

    notes, missing = _french_page(orga, edition, run)

    assert (run.status, notes, missing) == (
        RunStatus.FAILED,
        [
            "La visite Paddock de l’équipe Alpine 12/06 09:40 a plus de réservations fixées (2) "
            "que de places (1)."
        ],
        [],
    )
