"""Row ids typed in forms and query strings, read without surprises."""

# The largest id accepted from outside (addresses, forms, the API). Rows have 64-bit ids, but
# no convention comes near 2**31 rows, and every backend compares such a number safely.
MAX_ID = 2**31 - 1


def id_of(raw: str) -> int | None:
    """The id `raw` names, or None: ASCII digits only ("²" passes isdigit() but not int()),
    within the range of a database id (a larger number overflows SQLite)."""
    if not (raw.isascii() and raw.isdigit()):
        return None
    number = int(raw)
    return number if is_id(number) else None


def is_id(number: int) -> bool:
    """Whether a database id could be `number` (an `<int:...>` of the address may be 0 or
    10**20, and a query compiled once does not check the range as the ORM does)."""
    return 1 <= number <= MAX_ID
