"""The helpers of core/markup.py for markup written in Python (issue 16)."""

import html

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
