"""The REST API: parse, check permission, call one service or selector, answer."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.accounts.models import User
from redress.accounts.roles import Perm
from redress.complaints import selectors, services
from redress.complaints.lifecycle import Status
from redress.complaints.models import Category, Complaint
from redress.core.errors import PermissionDenied, ValidationFailed
from redress.deadlines import selectors as deadline_selectors
from redress.deadlines import services as deadline_services
from redress.search.selectors import journal_page

from . import serializers as s
from .common import actor_of
from .pagination import WindowPagination


class WorkspaceUser(BasePermission):
    message = gettext_lazy("Your role has no access to individual complaints.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return selectors.can_use_workspace(request.user)


FILTER_PARAMETERS = [
    OpenApiParameter("status", OpenApiTypes.STR, enum=Status.values),
    OpenApiParameter("category", OpenApiTypes.STR, description="Category code or id"),
    OpenApiParameter("channel", OpenApiTypes.STR),
    OpenApiParameter("assignee", OpenApiTypes.STR, description="User id, 'me' or 'none'"),
    OpenApiParameter("received_from", OpenApiTypes.DATE),
    OpenApiParameter("received_to", OpenApiTypes.DATE),
    OpenApiParameter("overdue", OpenApiTypes.BOOL, description="Same as deadline=breached"),
    OpenApiParameter(
        "deadline",
        OpenApiTypes.STR,
        enum=selectors.DEADLINE_STATES,
        description="State of the next deadline",
    ),
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        description="Free text: every word must occur (substring, any language); "
        "results best match first",
    ),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=list(selectors.SORTS)),
    OpenApiParameter("page", OpenApiTypes.INT),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="At most 200"),
]


def _filters_from(params: Any, user: User) -> selectors.JournalFilters:
    errors: dict[str, list[str]] = {}
    f = selectors.JournalFilters(
        status=params.get("status", ""),
        channel=params.get("channel", ""),
        q=params.get("q", ""),
        sort=params.get("sort", "-received"),
        overdue=params.get("overdue", "").lower() in {"1", "true", "yes"},
        deadline=params.get("deadline", ""),
    )
    if f.deadline and f.deadline not in selectors.DEADLINE_STATES:
        errors["deadline"] = [_("Unknown deadline state “%(value)s”.") % {"value": f.deadline}]
    if f.status and f.status not in Status.values:
        errors["status"] = [_("Unknown status “%(value)s”.") % {"value": f.status}]
    if f.sort not in selectors.SORTS:
        errors["sort"] = [_("Unknown sort “%(value)s”.") % {"value": f.sort}]
    category = params.get("category", "")
    if category:
        f.category = (
            Category.objects.filter(pk=int(category)).first()
            if category.isdigit()
            else Category.objects.filter(code=category).first()
        )
        if f.category is None:
            errors["category"] = [_("Unknown category “%(value)s”.") % {"value": category}]
    for name in ("received_from", "received_to"):
        raw = params.get(name, "")
        if raw:
            value = parse_date(raw) if len(raw) == 10 else None
            if value is None:
                errors[name] = [_("Give a date as YYYY-MM-DD.")]
            setattr(f, name, value)
    who = params.get("assignee", "")
    if who == "me":
        f.assignee = user
    elif who == "none":
        f.unassigned = True
    elif who:
        f.assignee = User.objects.filter(pk=int(who)).first() if who.isdigit() else None
        if f.assignee is None:
            errors["assignee"] = [_("Unknown user “%(value)s”.") % {"value": who}]
    if errors:
        raise ValidationError(errors)
    return f


class ComplaintViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Complaints: intake, the journal list with filters, and every lifecycle action."""

    permission_classes = [WorkspaceUser]
    pagination_class = WindowPagination
    lookup_field = "reference"
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Complaint]:
        user = self.request.user
        if self.action == "list":
            return selectors.journal_list(
                user=user,
                filters=_filters_from(self.request.query_params, user),  # type: ignore[arg-type]
            )
        return (
            selectors.complaints_visible_to(user)
            .select_related("customer", "category", "assignee", "clock__policy")
            .prefetch_related("events", "attachments")
        )

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if self.action == "list":
            return s.ComplaintListSerializer
        return s.ComplaintDetailSerializer

    def _detail(self, complaint: Complaint, code: int = status.HTTP_200_OK) -> Response:
        # Not through get_queryset(): the action may just have moved the complaint out of the
        # user's sight (registered out of the intake queue, closed at first contact).
        fresh = (
            Complaint.objects.select_related("customer", "category", "assignee", "clock__policy")
            .prefetch_related("events", "attachments")
            .get(pk=complaint.pk)
        )
        return Response(
            s.ComplaintDetailSerializer(fresh, context=self.get_serializer_context()).data,
            status=code,
        )

    @extend_schema(parameters=FILTER_PARAMETERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The same search and count-free pages as the staff journal.
        pager = WindowPagination()
        number, size = pager.page_of(request)
        window = journal_page(
            user=request.user,
            filters=_filters_from(request.query_params, request.user),  # type: ignore[arg-type]
            page=number,
            per_page=size,
        )
        data = s.ComplaintListSerializer(
            window.rows, many=True, context=self.get_serializer_context()
        ).data
        return pager.response(request, window, data)

    @extend_schema(
        request=s.ComplaintCreateSerializer, responses={201: s.ComplaintDetailSerializer}
    )
    def create(self, request: Request) -> Response:
        if not request.user.has_perm(Perm.INTAKE.full):
            raise PermissionDenied(_("Your role does not allow taking in complaints."))
        data = s.ComplaintCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        customer, complaint = data.inputs()
        try:
            record = services.complaint_submit(
                customer=customer,
                complaint=complaint,
                channel=data.validated_data["channel"],
                actor=actor_of(request),
                received_at=data.validated_data["received_at"],
            )
        except ValidationFailed as error:
            # Name the customer's fields as they are in the request: "customer.full_name".
            nested = set(s.CustomerInputSerializer().fields)
            error.fields = {
                f"customer.{name}" if name in nested else name: messages
                for name, messages in error.fields.items()
            }
            raise
        return self._detail(record, status.HTTP_201_CREATED)

    def _input(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        return dict(data.validated_data)

    @extend_schema(request=s.TransitionSerializer, responses=s.ComplaintDetailSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, reference: str) -> Response:
        """Any move the lifecycle table allows; the named actions add their own fields."""
        d = self._input(s.TransitionSerializer)
        record = services.complaint_transition(
            complaint=self.get_object(),
            to=d["to"],
            actor=actor_of(request),
            note=d["note"],
        )
        return self._detail(record)

    @extend_schema(request=s.AcknowledgeSerializer, responses=s.ComplaintDetailSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, reference: str) -> Response:
        d = self._input(s.AcknowledgeSerializer)
        record = services.complaint_acknowledge(
            complaint=self.get_object(),
            actor=actor_of(request),
            reply_due_on=d["reply_due_on"],
            note=d["note"],
        )
        return self._detail(record)

    def _assignee(self, value: int | None) -> User | None:
        return User.objects.filter(pk=value).first() if value else None

    @extend_schema(request=s.AssignSerializer, responses=s.ComplaintDetailSerializer)
    @action(detail=True, methods=["post"])
    def register(self, request: Request, reference: str) -> Response:
        d = self._input(s.AssignSerializer)
        record = services.complaint_register(
            complaint=self.get_object(),
            actor=actor_of(request),
            assignee=self._assignee(d["assignee"]),
            note=d["note"],
        )
        return self._detail(record)

    @extend_schema(request=s.AssignSerializer, responses=s.ComplaintDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, reference: str) -> Response:
        d = self._input(s.AssignSerializer)
        record = services.complaint_assign(
            complaint=self.get_object(),
            actor=actor_of(request),
            assignee=self._assignee(d["assignee"]),
            note=d["note"],
        )
        return self._detail(record)

    @extend_schema(request=s.ResolveSerializer, responses=s.ComplaintDetailSerializer)
    @action(detail=True, methods=["post"], url_path="resolve-at-first-contact")
    def resolve_at_first_contact(self, request: Request, reference: str) -> Response:
        d = self._input(s.ResolveSerializer)
        record = services.complaint_resolve_at_first_contact(
            complaint=self.get_object(),
            actor=actor_of(request),
            resolution=d["resolution"],
        )
        return self._detail(record)

    @extend_schema(request=s.NoteSerializer, responses={201: s.JournalEventSerializer})
    @action(detail=True, methods=["post"])
    def notes(self, request: Request, reference: str) -> Response:
        d = self._input(s.NoteSerializer)
        event = services.complaint_add_note(
            complaint=self.get_object(),
            actor=actor_of(request),
            note=d["note"],
        )
        return Response(s.JournalEventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": s.AttachmentUploadSerializer},
        responses={201: s.AttachmentSerializer(many=True)},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request: Request, reference: str) -> Response:
        files = request.FILES.getlist("files")
        stored = services.complaint_add_attachments(
            complaint=self.get_object(),
            actor=actor_of(request),
            files=files,
        )
        return Response(
            s.AttachmentSerializer(stored, many=True).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=s.NoteSerializer, responses=s.ComplaintDetailSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, reference: str) -> Response:
        """Wait on the customer: the deadlines stop until `resume`. The note says what we
        asked for; asking is a contact, so it meets the promised contact date."""
        d = self._input(s.NoteSerializer)
        complaint = self.get_object()
        deadline_services.clock_pause(complaint=complaint, actor=actor_of(request), note=d["note"])
        return self._detail(complaint)

    @extend_schema(request=s.NoteSerializer, responses=s.ComplaintDetailSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, reference: str) -> Response:
        """The customer answered: the deadlines run again with the time they had left."""
        d = self._input(s.NoteSerializer)
        complaint = self.get_object()
        deadline_services.clock_resume(complaint=complaint, actor=actor_of(request), note=d["note"])
        return self._detail(complaint)

    @extend_schema(request=s.NoteSerializer, responses=s.ComplaintDetailSerializer)
    @action(detail=True, methods=["post"], url_path="holding-reply")
    def holding_reply(self, request: Request, reference: str) -> Response:
        """A holding reply was sent: the final response may take the policy's longer limit."""
        d = self._input(s.NoteSerializer)
        complaint = self.get_object()
        deadline_services.deadline_extend(
            complaint=complaint, actor=actor_of(request), note=d["note"]
        )
        return self._detail(complaint)

    @extend_schema(request=s.ContactSerializer, responses=s.ComplaintDetailSerializer)
    @action(detail=True, methods=["post"])
    def contact(self, request: Request, reference: str) -> Response:
        """We spoke to the customer; `next_contact_on` is the next promised date, if any."""
        d = self._input(s.ContactSerializer)
        complaint = self.get_object()
        deadline_services.contact_record(
            complaint=complaint,
            actor=actor_of(request),
            note=d["note"],
            next_contact_on=d["next_contact_on"],
        )
        return self._detail(complaint)


class ReportReader(BasePermission):
    message = gettext_lazy("Your role has no access to reports.")

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        return bool(user.is_authenticated and user.has_perm(Perm.VIEW_REPORTS.full))


class DeadlineReportView(APIView):
    """Time to acknowledge and to resolve, in business hours, and deadline compliance."""

    permission_classes = [ReportReader]

    @extend_schema(
        parameters=[
            OpenApiParameter("received_from", OpenApiTypes.DATE),
            OpenApiParameter("received_to", OpenApiTypes.DATE),
            OpenApiParameter("category", OpenApiTypes.STR, description="Category code or id"),
        ],
        responses=s.DeadlineReportSerializer,
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        errors: dict[str, list[str]] = {}
        filters = deadline_selectors.ReportFilters()
        for name in ("received_from", "received_to"):
            raw = params.get(name, "")
            if raw:
                value = parse_date(raw) if len(raw) == 10 else None
                if value is None:
                    errors[name] = [_("Give a date as YYYY-MM-DD.")]
                setattr(filters, name, value)
        category = params.get("category", "")
        if category:
            filters.category = (
                Category.objects.filter(pk=int(category)).first()
                if category.isdigit()
                else Category.objects.filter(code=category).first()
            )
            if filters.category is None:
                errors["category"] = [_("Unknown category “%(value)s”.") % {"value": category}]
        if errors:
            raise ValidationError(errors)
        return Response(deadline_selectors.deadline_report(filters))


class CategoryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The category tree, for clients that take in complaints."""

    serializer_class = s.CategorySerializer
    queryset = Category.objects.select_related("parent").order_by("position", "name_en")
    pagination_class = None
