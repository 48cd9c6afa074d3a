"""Remedies in the API."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.api.common import StaffField, actor_of, complaint_for, validated
from redress.api.views import WorkspaceUser
from redress.complaints.selectors import complaints_visible_to

from . import selectors, services
from .models import Remedy, RemedyKind, RemedyStatus


class RemedySerializer(serializers.ModelSerializer):
    owner = serializers.CharField(read_only=True)
    owner_id = serializers.IntegerField()
    complaint = serializers.CharField(source="complaint.reference")

    class Meta:
        model = Remedy
        fields = [
            "id",
            "complaint",
            "kind",
            "description",
            "amount",
            "currency",
            "owner",
            "owner_id",
            "due_on",
            "status",
            "cost",
            "note",
            "created_at",
            "done_at",
        ]


class RemedyInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RemedyKind.choices)
    owner = StaffField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True, default="")
    cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )


class RemedyStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=RemedyStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )


class ComplaintRemediesView(APIView):
    """The remedies of one complaint; POST agrees a new one."""

    permission_classes = [WorkspaceUser]

    @extend_schema(responses=RemedySerializer(many=True))
    def get(self, request: Request, reference: str) -> Response:
        complaint = complaint_for(request, reference)
        return Response(RemedySerializer(selectors.remedies_of(complaint), many=True).data)

    @extend_schema(request=RemedyInput, responses={201: RemedySerializer})
    def post(self, request: Request, reference: str) -> Response:
        d = validated(RemedyInput, request.data)
        remedy = services.remedy_add(
            complaint=complaint_for(request, reference), actor=actor_of(request), **d
        )
        return Response(RemedySerializer(remedy).data, status=status.HTTP_201_CREATED)


class RemedyStatusView(APIView):
    """Move a remedy on: in_progress, done, or cancelled (with a note saying why)."""

    permission_classes = [WorkspaceUser]

    @extend_schema(request=RemedyStatusInput, responses=RemedySerializer)
    def post(self, request: Request, pk: int) -> Response:
        remedy = (
            Remedy.objects.filter(pk=pk, complaint__in=complaints_visible_to(request.user))
            .select_related("owner", "complaint")
            .first()
        )
        if remedy is None:
            raise Http404
        d = validated(RemedyStatusInput, request.data)
        remedy = services.remedy_set_status(remedy=remedy, actor=actor_of(request), **d)
        return Response(RemedySerializer(remedy).data)
