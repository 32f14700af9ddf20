"""Schemas shared by several routers."""

from ninja import Schema


class Problem(Schema):
    detail: str
