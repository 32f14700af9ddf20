"""Commitment plans and the therapist workspace: the Django shell around :mod:`twofold.plan`."""
