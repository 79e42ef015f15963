"""Test-wide defaults: development settings, never the production refusal of a missing key."""

import os

os.environ.setdefault("PADDOCK_DEBUG", "1")
