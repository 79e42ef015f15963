"""The cleaner of control and bidirectional characters in text typed by users."""

import pytest

from paddock.core.text import clean_line, clean_text

pytestmark = pytest.mark.unit


def test_clean_line_removes_controls_and_bidi_marks():
    typed = "A\u202eB\x00C\u2066D\u200fE\x7f\x9bF\u200eG\x1bH"

    assert clean_line(typed) == "ABCDEFGH"


def test_clean_line_turns_line_breaks_and_tabs_into_one_space():
    assert clean_line("Martin\r\n\tBcc: x@example.com\u2028end") == "Martin Bcc: x@example.com end"


def test_clean_line_keeps_letters_of_every_script_and_joiners():
    typed = "Zoë Ørsted-Łukasz 北京 مرحبا \u200d👩\u200d🔧"

    assert clean_line(typed) == typed


def test_clean_text_keeps_newlines_and_tabs_and_ends_lines_with_a_newline():
    assert clean_text("a\r\nb\tc\x00\u202ed\re\u2029f") == "a\nb\tcd\ne\nf"
