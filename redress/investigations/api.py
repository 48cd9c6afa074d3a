"""Investigation and decision in the API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.api.common import StaffField, actor_of, complaint_for, validated
from redress.api.views import WorkspaceUser
from redress.core.errors import PermissionDenied

from . import selectors, services
from .models import (
    Decision,
    DisciplinaryMeasure,
    Evidence,
    FactItem,
    Outcome,
    RootCauseCategory,
    Statement,
    StatementKind,
)


class StatementSerializer(serializers.ModelSerializer):
    employee = serializers.CharField(read_only=True)
    recorded_by = serializers.CharField(read_only=True)
    participants = serializers.ListField(
        child=serializers.CharField(), source="participants.all", read_only=True
    )

    class Meta:
        model = Statement
        fields = ["id", "kind", "employee", "participants", "text", "recorded_by", "recorded_at"]


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "original_name", "description", "size", "uploaded_at"]


class FactSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item.pk")
    text = serializers.CharField(source="item.label")
    finding = serializers.CharField(allow_null=True)
    established_by = serializers.CharField(allow_null=True)
    established_at = serializers.DateTimeField(allow_null=True)


class DecisionSerializer(serializers.ModelSerializer):
    root_cause_category = serializers.CharField(
        source="root_cause_category.code", read_only=True, default=None
    )
    decided_by = serializers.CharField(read_only=True)
    confirmed_by = serializers.CharField(read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "outcome",
            "reasons",
            "third_party_name",
            "third_party_contact",
            "root_cause_category",
            "root_cause",
            "state",
            "decided_by",
            "decided_at",
            "confirmed_by",
            "confirmed_at",
            "review_note",
        ]


class DisciplinarySerializer(serializers.ModelSerializer):
    employee = serializers.CharField(read_only=True)
    recorded_by = serializers.CharField(read_only=True)

    class Meta:
        model = DisciplinaryMeasure
        fields = ["id", "employee", "measure", "recorded_by", "recorded_at"]


class InvestigationSerializer(serializers.Serializer):
    statements = StatementSerializer(many=True)
    checklist = FactSerializer(many=True)
    evidence = EvidenceSerializer(many=True)
    decision = DecisionSerializer(allow_null=True)
    decisions = DecisionSerializer(many=True)


class StatementInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=StatementKind.choices)
    text = serializers.CharField(allow_blank=True)
    employee = StaffField(required=False, allow_null=True, default=None)
    participants = StaffField(many=True, required=False, default=list)


class FactInput(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=FactItem.objects.filter(is_active=True))
    finding = serializers.CharField(allow_blank=True)


class DecisionInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reasons = serializers.CharField(allow_blank=True)
    third_party_name = serializers.CharField(required=False, allow_blank=True, default="")
    third_party_contact = serializers.CharField(required=False, allow_blank=True, default="")
    root_cause_category = serializers.SlugRelatedField(
        slug_field="code",
        queryset=RootCauseCategory.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    root_cause = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DisciplinaryInput(serializers.Serializer):
    employee = StaffField(allow_null=True)
    measure = serializers.CharField(allow_blank=True)


def _investigation(complaint: Any) -> dict[str, Any]:
    checklist = [
        {
            "item": item,
            "finding": fact.finding if fact else None,
            "established_by": str(fact.established_by) if fact else None,
            "established_at": fact.established_at if fact else None,
        }
        for item, fact in selectors.checklist_of(complaint)
    ]
    return {
        "statements": selectors.statements_of(complaint),
        "checklist": checklist,
        "evidence": list(complaint.evidence.all()),
        "decision": selectors.live_decision(complaint),
        "decisions": list(
            complaint.decisions.select_related("root_cause_category", "decided_by", "confirmed_by")
        ),
    }


class InvestigationView(APIView):
    """Statements, the facts checklist, evidence and decisions of one complaint."""

    permission_classes = [WorkspaceUser]

    @extend_schema(responses=InvestigationSerializer)
    def get(self, request: Request, reference: str) -> Response:
        complaint = complaint_for(request, reference)
        return Response(InvestigationSerializer(_investigation(complaint)).data)


class StatementView(APIView):
    permission_classes = [WorkspaceUser]

    @extend_schema(request=StatementInput, responses={201: StatementSerializer})
    def post(self, request: Request, reference: str) -> Response:
        d = validated(StatementInput, request.data)
        statement = services.statement_record(
            complaint=complaint_for(request, reference), actor=actor_of(request), **d
        )
        return Response(StatementSerializer(statement).data, status=status.HTTP_201_CREATED)


class EvidenceView(APIView):
    permission_classes = [WorkspaceUser]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                    "description": {"type": "string"},
                },
            }
        },
        responses={201: EvidenceSerializer(many=True)},
    )
    def post(self, request: Request, reference: str) -> Response:
        stored = services.evidence_add(
            complaint=complaint_for(request, reference),
            actor=actor_of(request),
            files=request.FILES.getlist("files"),
            description=str(request.POST.get("description", "")),
        )
        return Response(EvidenceSerializer(stored, many=True).data, status=status.HTTP_201_CREATED)


class FactView(APIView):
    permission_classes = [WorkspaceUser]

    @extend_schema(request=FactInput, responses={201: InvestigationSerializer})
    def post(self, request: Request, reference: str) -> Response:
        d = validated(FactInput, request.data)
        complaint = complaint_for(request, reference)
        services.fact_establish(
            complaint=complaint, actor=actor_of(request), item=d["item"], finding=d["finding"]
        )
        return Response(
            InvestigationSerializer(_investigation(complaint)).data, status=status.HTTP_201_CREATED
        )


class DecisionView(APIView):
    """Record the decision; where a rule asks for it, it waits for a quality lead."""

    permission_classes = [WorkspaceUser]

    @extend_schema(request=DecisionInput, responses={201: DecisionSerializer})
    def post(self, request: Request, reference: str) -> Response:
        d = validated(DecisionInput, request.data)
        decision = services.decision_propose(
            complaint=complaint_for(request, reference), actor=actor_of(request), **d
        )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class DecisionReviewView(APIView):
    permission_classes = [WorkspaceUser]
    verdict = "confirm"

    @extend_schema(request=ReviewInput, responses=DecisionSerializer)
    def post(self, request: Request, reference: str) -> Response:
        d = validated(ReviewInput, request.data)
        complaint = complaint_for(request, reference)
        if self.verdict == "confirm":
            decision = services.decision_confirm(
                complaint=complaint, actor=actor_of(request), note=d["note"]
            )
        else:
            decision = services.decision_return(
                complaint=complaint, actor=actor_of(request), note=d["note"]
            )
        return Response(DecisionSerializer(decision).data)


class DisciplinaryView(APIView):
    """Restricted to quality leads and signatories; everyone else is refused."""

    permission_classes = [WorkspaceUser]

    @extend_schema(responses=DisciplinarySerializer(many=True))
    def get(self, request: Request, reference: str) -> Response:
        complaint = complaint_for(request, reference)
        if not selectors.can_see_disciplinary(request.user):
            raise PermissionDenied(_restricted())
        records = selectors.disciplinary_of(user=request.user, complaint=complaint)
        return Response(DisciplinarySerializer(records, many=True).data)

    @extend_schema(request=DisciplinaryInput, responses={201: DisciplinarySerializer})
    def post(self, request: Request, reference: str) -> Response:
        complaint = complaint_for(request, reference)
        if not selectors.can_see_disciplinary(request.user):
            raise PermissionDenied(_restricted())
        d = validated(DisciplinaryInput, request.data)
        record = services.disciplinary_record(
            complaint=complaint,
            actor=actor_of(request),
            employee=d["employee"],
            measure=d["measure"],
        )
        return Response(DisciplinarySerializer(record).data, status=status.HTTP_201_CREATED)


def _restricted() -> str:
    from django.utils.translation import gettext as _

    return _("Disciplinary records are visible to quality leads and signatories only.")
