"""The one authorisation rule: who may read a person's item or a couple.

- The owner always sees their own item.
- ``couple`` items: the partners currently in that couple.
- ``couple_and_therapist`` items: those partners and a therapist both partners
  consented to.
- ``private`` items: nobody but the owner.

Anyone else gets a 404 (never a 403), so the existence of an item is not revealed.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest

from twofold.accounts.models import User
from twofold.couples.models import Couple
from twofold.couples.services import couple_ids_with_therapist_access, current_couple
from twofold.privacy.audit import record_access
from twofold.privacy.models import Visibility

M = TypeVar("M", bound=Model)


def visibility_filter(viewer: User) -> Q:
    """A filter on any :class:`~twofold.privacy.models.OwnedItem` queryset: what ``viewer`` may read."""
    if not viewer.is_authenticated:
        return Q(pk__in=[])
    rule = Q(owner=viewer)
    couple = current_couple(viewer)
    if couple is not None:
        rule |= Q(couple=couple, visibility__in=[Visibility.COUPLE, Visibility.COUPLE_AND_THERAPIST])
    therapist_couples = couple_ids_with_therapist_access(viewer)
    if therapist_couples:
        rule |= Q(couple_id__in=therapist_couples, visibility=Visibility.COUPLE_AND_THERAPIST)
    return rule


def visible_to(viewer: User, queryset: QuerySet[M]) -> QuerySet[M]:
    return queryset.filter(visibility_filter(viewer))


def get_visible_or_404(viewer: User, queryset: QuerySet[M], *, request: HttpRequest | None = None, **lookup) -> M:
    """The item if ``viewer`` may read it, else 404. A therapist reading a partner's item is audited."""
    item = visible_to(viewer, queryset).filter(**lookup).first()
    if item is None:
        raise Http404("No such item")
    if viewer.is_authenticated and viewer.is_therapist and getattr(item, "owner_id", None) != viewer.pk:
        record_access(
            request,
            viewer,
            what=f"{item._meta.verbose_name} #{item.pk}",
            couple=getattr(item, "couple", None),
            subject=getattr(item, "owner", None),
        )
    return item


def can_view(viewer: User, item: Model) -> bool:
    return visible_to(viewer, type(item)._default_manager.all()).filter(pk=item.pk).exists()


def couple_relation(viewer: User, couple: Couple) -> str | None:
    """``"partner"``, ``"therapist"`` or ``None``."""
    if not viewer.is_authenticated:
        return None
    mine = current_couple(viewer)
    if mine is not None and mine.pk == couple.pk:
        return "partner"
    if couple.pk in couple_ids_with_therapist_access(viewer):
        return "therapist"
    return None


def couple_for_viewer(
    viewer: User, couple_id: int, *, request: HttpRequest | None = None, what: str = "couple"
) -> tuple[Couple, str]:
    """The couple and the viewer's relation to it, or 404 for anyone else (and for unknown ids).

    A therapist's look is written to the access audit, with ``what`` naming the page or data.
    """
    couple = Couple.objects.filter(pk=couple_id).first()
    relation = couple_relation(viewer, couple) if couple is not None else None
    if couple is None or relation is None:
        raise Http404("No such couple")
    if relation == "therapist":
        record_access(request, viewer, what=what, couple=couple)
    return couple, relation
