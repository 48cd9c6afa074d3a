"""Satisfaction checks in the API: read them, and record an answer given by phone."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.api.common import actor_of, complaint_for, validated
from redress.api.views import WorkspaceUser

from . import services
from .models import SatisfactionCheck


class CheckSerializer(serializers.ModelSerializer):
    recorded_by = serializers.CharField(read_only=True)

    class Meta:
        model = SatisfactionCheck
        fields = [
            "id",
            "round",
            "state",
            "sent_at",
            "reminded_at",
            "answered_at",
            "channel",
            "solved",
            "score",
            "comment",
            "recorded_by",
        ]


class AnswerInput(serializers.Serializer):
    solved = serializers.BooleanField(allow_null=True)
    score = serializers.IntegerField(allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ChecksView(APIView):
    permission_classes = [WorkspaceUser]

    @extend_schema(responses=CheckSerializer(many=True))
    def get(self, request: Request, reference: str) -> Response:
        complaint = complaint_for(request, reference)
        checks = complaint.satisfaction_checks.select_related("recorded_by")
        return Response(CheckSerializer(checks, many=True).data)


class PhoneAnswerView(APIView):
    """Record the customer's answer to a pending check, given by phone."""

    permission_classes = [WorkspaceUser]

    @extend_schema(request=AnswerInput, responses=CheckSerializer)
    def post(self, request: Request, reference: str, pk: int) -> Response:
        complaint = complaint_for(request, reference)
        check = SatisfactionCheck.objects.filter(pk=pk, complaint=complaint).first()
        if check is None:
            raise Http404
        d = validated(AnswerInput, request.data)
        check = services.survey_answer(check=check, actor=actor_of(request), **d)
        return Response(CheckSerializer(check).data)
