"""Twofold: a private, local-first companion for couples and couples therapists."""

__version__ = "0.1.0"
