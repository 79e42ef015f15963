"""The licence that pyproject.toml declares ships as the FSF's text."""

import hashlib
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
# SHA-256 of https://www.gnu.org/licenses/agpl-3.0.txt, the same text as the LICENSE of the
# AGPL packages @vivliostyle/print (npm) and, before its URLs went https, edx-when (PyPI).
AGPL_3_SHA256 = "8486a10c4393cee1c25392769ddd3b2d6c242d6ec7928e1414efff7dfb2f07ef"


def test_license_is_the_agpl_text_that_pyproject_declares():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]

    text = (ROOT / "LICENSE").read_bytes()

    assert (declared, hashlib.sha256(text).hexdigest()) == ("AGPL-3.0-or-later", AGPL_3_SHA256)
