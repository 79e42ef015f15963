"""The helpers of core/markup.py for markup written in Python (issue 16)."""

import html

from django.utils.html import escape as django_escape
from hypothesis import given
from hypothesis import strategies as st

from paddock.core.markup import escape


def test_escape_special_characters_as_html_escape():
    assert escape('<a href="x">l\'&amp;</a>') == (
        "&lt;a href=&quot;x&quot;&gt;l&#x27;&amp;amp;&lt;/a&gt;"
    )


@given(st.text())
def test_escape_any_text_as_html_escape(text):
    assert escape(text) == html.escape(text)


def test_escape_every_code_point_as_html_escape_and_django():
    """Not a sample: every character, as `html.escape` and Django's `escape` (which template
    autoescaping applies) write it. Escaping is character by character, so one string of them
    all tests each (a call per character took seconds)."""
    every = "".join(chr(code) for code in range(0x110000))
    ours = escape(every)
    assert ours == html.escape(every)
    assert ours == str(django_escape(every))
