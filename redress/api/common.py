"""What every complaint-scoped API view needs: the acting user and the complaint they may see."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request

from redress.accounts.models import User
from redress.complaints import selectors
from redress.complaints.models import Complaint


def actor_of(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)  # WorkspaceUser has let only staff through
    return user


def complaint_for(request: Request, reference: str) -> Complaint:
    complaint = (
        selectors.complaints_visible_to(request.user)
        .select_related("customer", "category")
        .filter(reference=reference)
        .first()
    )
    if complaint is None:
        raise Http404
    return complaint


def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema_field(OpenApiTypes.INT)
class StaffField(serializers.PrimaryKeyRelatedField):
    """A member of staff by id."""

    def get_queryset(self) -> Any:
        return User.objects.filter(is_active=True)
