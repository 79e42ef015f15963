import datetime as dt

import pytest
from django.utils import formats, translation

from paddock.core.dates import add_months, date_range

pytestmark = pytest.mark.integration

DAY = dt.date(2021, 8, 19)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["19/08/2021", "19 Aug 2021", "19 Aug 2021, 00:58"]),
        ("fr", ["19/08/2021", "19 août 2021", "19 août 2021 00:58"]),
    ],
)
def test_formats_european_order_in_each_language(language, expected):
    moment = dt.datetime(2021, 8, 19, 0, 58, tzinfo=dt.UTC)

    with translation.override(language):
        shown = [
            formats.date_format(DAY, "SHORT_DATE_FORMAT"),
            formats.date_format(DAY, "DATE_FORMAT"),
            formats.date_format(moment, "DATETIME_FORMAT"),
        ]

    assert shown == expected


def test_formats_english_date_input_reads_day_first():
    with translation.override("en"):
        formats_in = formats.get_format("DATE_INPUT_FORMATS")[:2]

    assert formats_in == ["%d/%m/%Y", "%Y-%m-%d"]


@pytest.mark.parametrize(
    ("language", "start", "end", "expected"),
    [
        ("en", DAY, DAY, "19 Aug 2021"),
        ("fr", DAY, DAY, "19 août 2021"),
        ("en", dt.date(2019, 6, 13), dt.date(2019, 6, 14), "13–14 Jun 2019"),
        ("fr", dt.date(2019, 6, 13), dt.date(2019, 6, 14), "13–14 juin 2019"),
        ("en", dt.date(2019, 6, 30), dt.date(2019, 7, 2), "30 Jun 2019 – 2 Jul 2019"),
        ("fr", dt.date(2019, 12, 31), dt.date(2020, 1, 1), "31 décembre 2019 – 1 janvier 2020"),
    ],
)
def test_date_range_shortest_unambiguous_form(language, start, end, expected):
    with translation.override(language):
        shown = date_range(start, end)

    assert shown == expected


def test_add_months_keeps_the_day_or_the_month_end():
    assert [add_months(dt.date(2025, 11, 30), 3), add_months(dt.date(2025, 6, 13), 12)] == [
        dt.date(2026, 2, 28),
        dt.date(2026, 6, 13),
    ]
