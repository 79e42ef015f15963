"""A failed job's message kept in no language, read in each reader's."""

import json

import pytest
from django.utils import translation
from django.utils.translation import gettext_noop

from paddock.core.failures import failure_text
from paddock.core.neutral import NeutralMessage

pytestmark = pytest.mark.unit


def test_a_stored_failure_is_read_in_the_reader_s_language_with_its_parameters():
    with translation.override("fr"):  # stored by a worker that speaks French
        message = NeutralMessage(
            gettext_noop("The file is larger than %(limit)d MB."), {"limit": 10}
        )
        stored = json.loads(json.dumps(message.as_json()))

    read = {}
    for language in ("en", "fr"):
        with translation.override(language):
            read[language] = failure_text(stored, stored="")

    assert read == {"en": "The file is larger than 10 MB.", "fr": "Le fichier dépasse 10 Mo."}


def test_a_row_failed_before_failures_were_kept_in_no_language_shows_its_text():
    with translation.override("en"):
        read = failure_text(None, stored="Le calcul a échoué.")

    assert read == "Le calcul a échoué."
