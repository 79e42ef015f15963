"""Paddock: open, self-hosted platform for B2B business conventions."""
