"""Corrective action plans and recurring problems in the API."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.api.common import StaffField, actor_of, complaint_for, validated
from redress.complaints.selectors import complaints_visible_to, visibility_filter
from redress.investigations.models import RootCauseCategory

from . import selectors, services
from .models import ActionStatus, ClusterKind, PlanAction, PlanStatus, RecurringCluster
from .tasks import recompute_recurring


class MayPropose(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return services.may_propose(request.user)


class MayManage(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return services.may_manage(request.user)


class ActionSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(read_only=True)
    owner_id = serializers.IntegerField()

    class Meta:
        model = PlanAction
        fields = [
            "id",
            "plan",
            "description",
            "owner",
            "owner_id",
            "due_on",
            "status",
            "note",
            "done_at",
        ]


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    root_cause = serializers.CharField()
    root_cause_category = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=PlanStatus.choices)
    owner = serializers.CharField(allow_null=True)
    owner_id = serializers.IntegerField(allow_null=True)
    proposed_by = serializers.CharField()
    review_on = serializers.DateField(allow_null=True)
    created_at = serializers.DateTimeField()
    done_at = serializers.DateTimeField(allow_null=True)
    checked_at = serializers.DateTimeField(allow_null=True)
    check_note = serializers.CharField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_root_cause_category(self, plan: Any) -> str | None:
        return plan.root_cause_category.code if plan.root_cause_category else None


class PlanDetailSerializer(PlanSerializer):
    complaints = serializers.SerializerMethodField()
    actions = ActionSerializer(many=True, source="actions.all")

    def get_complaints(self, plan: Any) -> list[str]:
        """References of the plan's complaints that the requesting user may see."""
        request = self.context.get("request")
        links = list(plan.links.all())
        if request is not None and visibility_filter(request.user) is not None:
            seen = set(
                complaints_visible_to(request.user)
                .filter(pk__in=[link.complaint_id for link in links])
                .values_list("pk", flat=True)
            )
            links = [link for link in links if link.complaint_id in seen]
        return [link.complaint.reference for link in links]


class PlanInput(serializers.Serializer):
    complaints = serializers.ListField(child=serializers.CharField(), allow_empty=False)
    title = serializers.CharField(max_length=200)
    root_cause = serializers.CharField(allow_blank=True)
    root_cause_category = serializers.SlugRelatedField(
        slug_field="code",
        queryset=RootCauseCategory.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )


class AttachInput(serializers.Serializer):
    complaint = serializers.CharField()


class MoveInput(serializers.Serializer):
    to = serializers.ChoiceField(choices=PlanStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    review_on = serializers.DateField(required=False, allow_null=True, default=None)


class EffectivenessInput(serializers.Serializer):
    stopped = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ActionInput(serializers.Serializer):
    description = serializers.CharField(allow_blank=True)
    owner = StaffField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)


class ActionStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ClusterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ClusterKind.choices)
    label = serializers.CharField()  # type: ignore[assignment]
    top_terms = serializers.ListField(child=serializers.CharField())
    size = serializers.IntegerField()
    count_current = serializers.IntegerField(help_text="Complaints in this period")
    count_previous = serializers.IntegerField(help_text="Complaints in the period before")
    trend = serializers.IntegerField()
    covered = serializers.BooleanField(help_text="A plan links at least half of the members")
    plans = serializers.ListField(child=serializers.IntegerField())
    complaints = serializers.ListField(child=serializers.IntegerField(), help_text="Complaint ids")


class RecurringSerializer(serializers.Serializer):
    computed_at = serializers.DateTimeField(allow_null=True)
    period_days = serializers.IntegerField(allow_null=True)
    complaints = serializers.IntegerField()
    truncated = serializers.BooleanField()
    clusters = ClusterSerializer(many=True)


class TaskSerializer(serializers.Serializer):
    task = serializers.CharField()


class ClusterPlanInput(serializers.Serializer):
    root_cause = serializers.CharField(allow_blank=True)
    title = serializers.CharField(required=False, allow_blank=True, default="")
    root_cause_category = serializers.SlugRelatedField(
        slug_field="code",
        queryset=RootCauseCategory.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )


def _plan(pk: int) -> Any:
    plan = selectors.plan_detail(pk)
    if plan is None:
        raise Http404
    return plan


class PlansView(APIView):
    """Corrective action plans; POST proposes one for the given complaint references."""

    permission_classes = [MayPropose]

    @extend_schema(responses=PlanSerializer(many=True))
    def get(self, request: Request) -> Response:
        status_ = request.query_params.get("status", "")
        plans = selectors.plans_list(status=status_ if status_ in PlanStatus.values else "")
        return Response(PlanSerializer(plans[:200], many=True).data)

    @extend_schema(request=PlanInput, responses={201: PlanDetailSerializer})
    def post(self, request: Request) -> Response:
        d = validated(PlanInput, request.data)
        complaints = [complaint_for(request, ref) for ref in d.pop("complaints")]
        plan = services.plan_propose(actor=actor_of(request), complaints=complaints, **d)
        return Response(
            PlanDetailSerializer(_plan(plan.pk), context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class PlanView(APIView):
    permission_classes = [MayPropose]

    @extend_schema(responses=PlanDetailSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(PlanDetailSerializer(_plan(pk), context={"request": request}).data)


class PlanAttachView(APIView):
    """Attach one more complaint to the plan."""

    permission_classes = [MayPropose]

    @extend_schema(request=AttachInput, responses={201: PlanDetailSerializer})
    def post(self, request: Request, pk: int) -> Response:
        d = validated(AttachInput, request.data)
        services.plan_attach(
            plan=_plan(pk),
            complaint=complaint_for(request, d["complaint"]),
            actor=actor_of(request),
        )
        return Response(
            PlanDetailSerializer(_plan(pk), context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class PlanMoveView(APIView):
    """Move the plan on: in_progress, done (with review_on), checked."""

    permission_classes = [MayPropose]

    @extend_schema(request=MoveInput, responses=PlanDetailSerializer)
    def post(self, request: Request, pk: int) -> Response:
        d = validated(MoveInput, request.data)
        services.plan_transition(plan=_plan(pk), actor=actor_of(request), **d)
        return Response(PlanDetailSerializer(_plan(pk), context={"request": request}).data)


class PlanCheckView(APIView):
    """The effectiveness check: {"stopped": true} confirms, false sends the plan back."""

    permission_classes = [MayPropose]

    @extend_schema(request=EffectivenessInput, responses=PlanDetailSerializer)
    def post(self, request: Request, pk: int) -> Response:
        d = validated(EffectivenessInput, request.data)
        services.plan_check_effectiveness(plan=_plan(pk), actor=actor_of(request), **d)
        return Response(PlanDetailSerializer(_plan(pk), context={"request": request}).data)


class PlanActionsView(APIView):
    permission_classes = [MayPropose]

    @extend_schema(request=ActionInput, responses={201: ActionSerializer})
    def post(self, request: Request, pk: int) -> Response:
        d = validated(ActionInput, request.data)
        action = services.action_add(plan=_plan(pk), actor=actor_of(request), **d)
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED)


class ActionStatusView(APIView):
    permission_classes = [MayPropose]

    @extend_schema(request=ActionStatusInput, responses=ActionSerializer)
    def post(self, request: Request, pk: int) -> Response:
        action = PlanAction.objects.filter(pk=pk).select_related("owner").first()
        if action is None:
            raise Http404
        d = validated(ActionStatusInput, request.data)
        action = services.action_set_status(action=action, actor=actor_of(request), **d)
        return Response(ActionSerializer(action).data)


class RecurringView(APIView):
    """The recurring problems of the latest computation; POST recomputes (quality leads)."""

    permission_classes = [MayManage]

    @extend_schema(responses=RecurringSerializer)
    def get(self, request: Request) -> Response:
        run = selectors.latest_run()
        clusters = selectors.recurring_clusters(run=run, limit=100) if run else []
        return Response(
            {
                "computed_at": run.finished_at if run else None,
                "period_days": run.period_days if run else None,
                "complaints": run.input_count if run else 0,
                "truncated": run.truncated if run else False,
                "clusters": [c.as_dict() for c in clusters],
            }
        )

    @extend_schema(request=None, responses={202: TaskSerializer})
    def post(self, request: Request) -> Response:
        result = recompute_recurring.delay()
        return Response({"task": str(result.id)}, status=status.HTTP_202_ACCEPTED)


class ClusterPlanView(APIView):
    """Make a plan from a recurring-problems cluster, linking every complaint in it."""

    permission_classes = [MayManage]

    @extend_schema(request=ClusterPlanInput, responses={201: PlanDetailSerializer})
    def post(self, request: Request, pk: int) -> Response:
        cluster = RecurringCluster.objects.filter(pk=pk).first()
        if cluster is None:
            raise Http404
        d = validated(ClusterPlanInput, request.data)
        plan = services.plan_from_cluster(cluster=cluster, actor=actor_of(request), **d)
        return Response(
            PlanDetailSerializer(_plan(plan.pk), context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )
