"""Assessments: people take the instruments of `twofold.instruments`, results are stored and shared.

Other apps call `twofold.assessments.services` (see its module docstring).
"""
