from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from redress.complaints.lifecycle import Status, moves_for_user
from redress.complaints.models import (
    Attachment,
    Category,
    Channel,
    ClaimType,
    Complaint,
    EmotionalState,
    JournalEvent,
    Priority,
)
from redress.complaints.services import ComplaintInput, CustomerInput, customer_errors
from redress.customers.models import Customer, CustomerKind
from redress.deadlines.selectors import deadline_panel

API_CHANNELS = [c for c in Channel if c != Channel.WEB]


class CategorySerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    parent_code = serializers.CharField(source="parent.code", read_only=True, default=None)

    class Meta:
        model = Category
        fields = ["id", "code", "name", "parent_code", "is_active"]

    def get_name(self, obj: Category) -> str:
        return obj.label()


@extend_schema_field(OpenApiTypes.STR)
class CategoryField(serializers.Field):
    """A category by its code or its id; unknown ones get a message naming them."""

    default_error_messages = {
        "unknown": _("Unknown category “%(value)s”."),
        "inactive": _("Category “%(value)s” is no longer in use."),
    }

    def to_internal_value(self, data: Any) -> Category:
        value = str(data).strip()
        qs = Category.objects.all()
        category = (
            qs.filter(pk=int(value)).first() if value.isdigit() else qs.filter(code=value).first()
        )
        if category is None:
            raise serializers.ValidationError(self.error_messages["unknown"] % {"value": value})
        if not category.is_active:
            raise serializers.ValidationError(self.error_messages["inactive"] % {"value": value})
        return category

    def to_representation(self, value: Category) -> str:
        return value.code


class CustomerInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CustomerKind.choices, default=CustomerKind.INDIVIDUAL)
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    organisation_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    contact_person = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    postal_address = serializers.CharField(required=False, allow_blank=True, default="")
    preferred_language = serializers.ChoiceField(choices=settings.LANGUAGES, default="en")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The domain's own rules, here too so that one answer lists every problem.
        errors = customer_errors(CustomerInput(**attrs))
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ComplaintCreateSerializer(serializers.Serializer):
    customer = CustomerInputSerializer()
    channel = serializers.ChoiceField(
        choices=[(c.value, c.label) for c in API_CHANNELS], default=Channel.API
    )
    language = serializers.ChoiceField(choices=settings.LANGUAGES, default="en")
    subject = serializers.CharField(max_length=200, allow_blank=True, default="")
    description = serializers.CharField(allow_blank=True, default="")
    category = CategoryField()
    product = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    order_reference = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    incident_date = serializers.DateField(required=False, allow_null=True, default=None)
    incident_place = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    amount_in_dispute = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True, default="")
    desired_outcome = serializers.CharField(required=False, allow_blank=True, default="")
    claim_type = serializers.ChoiceField(
        choices=ClaimType.choices, required=False, allow_blank=True, default=""
    )
    addressed_to_top_management = serializers.BooleanField(required=False, default=False)
    emotional_state = serializers.ChoiceField(
        choices=EmotionalState.choices, required=False, allow_blank=True, default=""
    )
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    about_third_party = serializers.BooleanField(required=False, default=False)
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)

    def inputs(self) -> tuple[CustomerInput, ComplaintInput]:
        d = dict(self.validated_data)
        customer = CustomerInput(**d.pop("customer"))
        for name in ("channel", "received_at"):
            d.pop(name)
        return customer, ComplaintInput(**d)


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class CustomerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Customer
        fields = [
            "id",
            "kind",
            "full_name",
            "organisation_name",
            "contact_person",
            "email",
            "phone",
            "postal_address",
            "preferred_language",
        ]


class ComplaintListSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    customer = serializers.CharField(source="customer.display_name")
    customer_id = serializers.IntegerField()
    category = serializers.CharField(source="category.code")
    assignee = PersonSerializer(allow_null=True)
    is_overdue = serializers.BooleanField()
    next_deadline_at = serializers.DateTimeField(
        source="clock.next_deadline_at", default=None, read_only=True
    )
    next_deadline = serializers.CharField(
        source="clock.next_deadline_kind", default=None, read_only=True
    )
    deadline_state = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "reference",
            "status",
            "status_label",
            "channel",
            "received_at",
            "customer",
            "customer_id",
            "category",
            "subject",
            "priority",
            "assignee",
            "reply_due_on",
            "is_overdue",
            "next_deadline_at",
            "next_deadline",
            "deadline_state",
            "language",
        ]

    @extend_schema_field(
        serializers.ChoiceField(
            choices=["on_track", "due_soon", "breached", "paused", ""], allow_null=True
        )
    )
    def get_deadline_state(self, obj: Complaint) -> str | None:
        clock = getattr(obj, "clock", None)  # None when the complaint has no clock
        return clock.state if clock is not None and obj.is_open else None


class JournalEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor_label")

    class Meta:
        model = JournalEvent
        fields = [
            "id",
            "kind",
            "from_status",
            "to_status",
            "actor",
            "note",
            "is_public",
            "created_at",
        ]


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "uploaded_at"]


class DeadlineSerializer(serializers.Serializer):
    kind = serializers.CharField(source="deadline.kind")
    kind_label = serializers.CharField()
    state = serializers.CharField()
    due_at = serializers.DateTimeField(source="deadline.due_at")
    due_soon_from = serializers.DateTimeField(source="deadline.warn_at")
    counted_from = serializers.DateTimeField(source="deadline.starts_at")
    is_extended = serializers.BooleanField(source="deadline.is_extended")
    breached_at = serializers.DateTimeField(source="deadline.breached_at", allow_null=True)
    finished_at = serializers.DateTimeField(source="deadline.finished_at", allow_null=True)
    business_hours_left = serializers.FloatField(allow_null=True)


class ComplaintDetailSerializer(ComplaintListSerializer):
    customer_card = CustomerSerializer(source="customer")
    events = JournalEventSerializer(many=True)
    attachments = AttachmentSerializer(many=True)
    available_transitions = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()
    waiting_on_customer_since = serializers.DateTimeField(
        source="clock.paused_since", default=None, read_only=True
    )
    deadline_policy = serializers.CharField(source="clock.policy.code", default=None)
    time_to_acknowledge_business_hours = serializers.SerializerMethodField()
    time_to_resolve_business_hours = serializers.SerializerMethodField()

    class Meta(ComplaintListSerializer.Meta):
        fields = [
            *ComplaintListSerializer.Meta.fields,
            "customer_card",
            "description",
            "product",
            "order_reference",
            "incident_date",
            "incident_place",
            "amount_in_dispute",
            "currency",
            "desired_outcome",
            "claim_type",
            "addressed_to_top_management",
            "emotional_state",
            "about_third_party",
            "acknowledged_at",
            "registered_at",
            "closed_at",
            "resolved_at_first_contact",
            "events",
            "attachments",
            "available_transitions",
            "deadline_policy",
            "deadlines",
            "waiting_on_customer_since",
            "time_to_acknowledge_business_hours",
            "time_to_resolve_business_hours",
        ]

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, obj: Complaint) -> list[dict[str, Any]]:
        panel = deadline_panel(obj)
        return list(DeadlineSerializer(panel.rows, many=True).data)

    def _hours(self, obj: Complaint, name: str) -> float | None:
        clock = getattr(obj, "clock", None)
        seconds = getattr(clock, name, None) if clock is not None else None
        return None if seconds is None else round(seconds / 3600, 2)

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_time_to_acknowledge_business_hours(self, obj: Complaint) -> float | None:
        return self._hours(obj, "acknowledge_seconds")

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_time_to_resolve_business_hours(self, obj: Complaint) -> float | None:
        return self._hours(obj, "resolve_seconds")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_available_transitions(self, obj: Complaint) -> list[str]:
        user = self.context["request"].user
        return [str(target) for target, _move in moves_for_user(obj.status, user)]


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AcknowledgeSerializer(NoteSerializer):
    reply_due_on = serializers.DateField(required=False, allow_null=True, default=None)


class AssignSerializer(NoteSerializer):
    assignee = serializers.IntegerField(required=False, allow_null=True, default=None)


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(required=False, allow_blank=True, default="")


class ContactSerializer(NoteSerializer):
    next_contact_on = serializers.DateField(required=False, allow_null=True, default=None)


class DeadlineReportSerializer(serializers.Serializer):
    complaints = serializers.IntegerField()
    acknowledged = serializers.IntegerField()
    resolved = serializers.IntegerField()
    time_to_acknowledge_business_hours_avg = serializers.FloatField(allow_null=True)
    time_to_resolve_business_hours_avg = serializers.FloatField(allow_null=True)
    deadlines = serializers.DictField(child=serializers.DictField())


class AttachmentUploadSerializer(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), allow_empty=False)
