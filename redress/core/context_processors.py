from django.conf import settings
from django.http import HttpRequest


def organisation(request: HttpRequest) -> dict[str, object]:
    return {"organisation_name": settings.REDRESS_ORGANISATION_NAME}
