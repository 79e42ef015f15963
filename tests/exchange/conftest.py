import pytest

from paddock.exchange.columns import PARTICIPANT_COLUMNS
from paddock.exchange.mapping import Mapping, recognise
from paddock.exchange.reading import read_table


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def table_and_mapping(data: bytes, name: str = "list.csv", columns=PARTICIPANT_COLUMNS):
    """The file read, with the columns recognised from its headers."""
    table = read_table(data, name)
    return table, Mapping(tuple(recognise(table.headers, columns)), table.headers)
