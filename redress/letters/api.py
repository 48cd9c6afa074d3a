"""Letters in the API: the letter checker, drafts and their versions, approval, sending."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.api.common import actor_of, complaint_for, validated
from redress.api.views import WorkspaceUser
from redress.complaints.selectors import can_see

from . import checker, services
from .models import Letter, LetterKind, LetterVersion, SentVia
from .pdf import render_letter_pdf


class FindingSerializer(serializers.Serializer):
    rule = serializers.IntegerField(min_value=1, max_value=11, help_text="SPEC.md's rule number")
    severity = serializers.ChoiceField(
        choices=[("error", "error"), ("warning", "warning")],
        help_text="An error blocks approval; a warning is a style finding.",
    )
    code = serializers.CharField(help_text="A stable code for the finding, e.g. contrastive.")
    start = serializers.IntegerField(help_text="Offset of the offending span, in code points.")
    end = serializers.IntegerField(
        help_text="End of the span (exclusive); equal to start when "
        "the finding is about something missing."
    )
    words = serializers.CharField(help_text="The offending words, as they are in the text.")
    message = serializers.CharField(help_text="What is wrong, in the user's language.")
    suggestion = serializers.CharField(help_text="What to do instead.")


class CheckInput(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    outcome = serializers.ChoiceField(choices=LetterKind.choices)
    today = serializers.DateField(
        required=False, help_text="The day to check dates against; default today."
    )
    third_party_name = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="For a referral: the party the letter must name.",
    )


class CheckResult(serializers.Serializer):
    # Documents the answer only; the name shadows Serializer.errors, which this one never uses.
    errors = serializers.IntegerField()  # type: ignore[assignment]
    warnings = serializers.IntegerField()
    findings = FindingSerializer(many=True)


def _check_result(found: list[checker.Finding]) -> dict[str, Any]:
    errors, warnings = checker.counts(found)
    return {"errors": errors, "warnings": warnings, "findings": [f.as_dict() for f in found]}


class CheckView(APIView):
    """Check a letter's text against the eleven letter rules of the specification."""

    permission_classes = [WorkspaceUser]

    @extend_schema(
        request=CheckInput,
        responses=CheckResult,
        examples=[
            OpenApiExample(
                "A Swedish letter with a contrastive word",
                request_only=True,
                value={
                    "text": "Hej Anna,\n\nTack för ditt brev. Bordet fanns, men det kom bort.",
                    "language": "sv",
                    "outcome": "justified",
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        d = validated(CheckInput, request.data)
        found = checker.check(
            d["text"],
            language=d["language"],
            outcome=d["outcome"],
            today=d.get("today") or timezone.localdate(),
            context=checker.Context(third_party_name=d["third_party_name"]),
        )
        return Response(_check_result(found))


class VersionSerializer(serializers.ModelSerializer):
    author = serializers.CharField(read_only=True)
    approved_by = serializers.SerializerMethodField()

    class Meta:
        model = LetterVersion
        fields = [
            "number",
            "subject",
            "body",
            "author",
            "created_at",
            "errors",
            "warnings",
            "approved_by",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_approved_by(self, version: LetterVersion) -> str | None:
        approval = getattr(version, "approval", None)
        return f"{approval.signer_name}, {approval.signer_title}" if approval else None


class LetterSerializer(serializers.ModelSerializer):
    complaint = serializers.CharField(source="complaint.reference", read_only=True)
    version = serializers.SerializerMethodField()
    signed_version = serializers.IntegerField(
        source="approved_version.number", read_only=True, default=None
    )
    sent_by = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Letter
        fields = [
            "id",
            "complaint",
            "kind",
            "language",
            "state",
            "version",
            "signed_version",
            "created_at",
            "sent_via",
            "sent_at",
            "sent_by",
            "sent_to",
            "sent_cc",
        ]

    @extend_schema_field(VersionSerializer(allow_null=True))
    def get_version(self, letter: Letter) -> dict[str, Any] | None:
        version = services.latest_version(letter)
        return VersionSerializer(version).data if version else None


class LetterCreateInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LetterKind.choices)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    prevention = serializers.CharField(required=False, allow_blank=True, default="")


class LetterSaveInput(serializers.Serializer):
    subject = serializers.CharField(allow_blank=True)
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)


class LetterSendInput(serializers.Serializer):
    via = serializers.ChoiceField(choices=SentVia.choices)
    to = serializers.CharField(required=False, allow_blank=True, default="")
    cc = serializers.ListField(
        child=serializers.EmailField(), required=False, allow_null=True, default=None
    )


def _letter_for(request: Request, pk: int) -> Letter:
    letter = Letter.objects.select_related("complaint__customer", "decision").filter(pk=pk).first()
    if letter is None or not can_see(request.user, letter.complaint):
        raise Http404
    return letter


class ComplaintLettersView(APIView):
    """The letters of a complaint; a new draft pre-filled from the case."""

    permission_classes = [WorkspaceUser]

    @extend_schema(responses=LetterSerializer(many=True))
    def get(self, request: Request, reference: str) -> Response:
        complaint = complaint_for(request, reference)
        return Response(LetterSerializer(services.letters_of(complaint), many=True).data)

    @extend_schema(request=LetterCreateInput, responses={201: LetterSerializer})
    def post(self, request: Request, reference: str) -> Response:
        d = validated(LetterCreateInput, request.data)
        letter = services.letter_create(
            complaint=complaint_for(request, reference),
            actor=actor_of(request),
            kind=d["kind"],
            language=d.get("language", ""),
            prevention=d["prevention"],
        )
        return Response(LetterSerializer(letter).data, status=status.HTTP_201_CREATED)


class LetterView(APIView):
    """One letter; PUT saves its text as a new version (and returns a signed one to draft)."""

    permission_classes = [WorkspaceUser]

    @extend_schema(responses=LetterSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(LetterSerializer(_letter_for(request, pk)).data)

    @extend_schema(request=LetterSaveInput, responses=LetterSerializer)
    def put(self, request: Request, pk: int) -> Response:
        d = validated(LetterSaveInput, request.data)
        letter = _letter_for(request, pk)
        services.letter_save(
            letter=letter, actor=actor_of(request), subject=d["subject"], body=d["body"]
        )
        return Response(LetterSerializer(_letter_for(request, pk)).data)


class LetterVersionsView(APIView):
    """Every version of a letter, oldest first."""

    permission_classes = [WorkspaceUser]

    @extend_schema(responses=VersionSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        letter = _letter_for(request, pk)
        versions = letter.versions.select_related("author", "approval").order_by("number")
        return Response(VersionSerializer(versions, many=True).data)


class LetterFindingsView(APIView):
    """The checker's findings for the letter's latest version."""

    permission_classes = [WorkspaceUser]

    @extend_schema(responses=CheckResult)
    def get(self, request: Request, pk: int) -> Response:
        letter = _letter_for(request, pk)
        version = services.latest_version(letter)
        assert version is not None
        return Response(_check_result(services.findings_for(letter, version.body)))


class LetterApproveView(APIView):
    """A signatory approves and signs the latest version; refused while the checker finds errors."""

    permission_classes = [WorkspaceUser]

    @extend_schema(request=None, responses=LetterSerializer)
    def post(self, request: Request, pk: int) -> Response:
        letter = _letter_for(request, pk)
        services.letter_approve(letter=letter, actor=actor_of(request))
        return Response(LetterSerializer(_letter_for(request, pk)).data)


class LetterSendView(APIView):
    """Send the signed letter by email (PDF attached, copies to the staff involved), or record
    that it went by post. Sending the response moves the complaint on."""

    permission_classes = [WorkspaceUser]

    @extend_schema(request=LetterSendInput, responses=LetterSerializer)
    def post(self, request: Request, pk: int) -> Response:
        d = validated(LetterSendInput, request.data)
        letter = _letter_for(request, pk)
        services.letter_send(
            letter=letter, actor=actor_of(request), via=d["via"], to=d["to"], cc=d["cc"]
        )
        return Response(LetterSerializer(_letter_for(request, pk)).data)


class LetterPdfView(APIView):
    """The letter as PDF: as sent, as signed, or a draft preview marked as a draft."""

    permission_classes = [WorkspaceUser]

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiResponse(response=OpenApiTypes.BINARY)}
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        letter = _letter_for(request, pk)
        if letter.pdf:
            with letter.pdf.open("rb") as handle:
                data = handle.read()
        elif letter.approved_version_id:
            data = render_letter_pdf(letter)
        else:
            data = render_letter_pdf(letter, version=services.latest_version(letter))
        return HttpResponse(data, content_type="application/pdf")
