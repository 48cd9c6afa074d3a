"""The OpenAPI schema renders, validates, and drf-spectacular has nothing to warn about."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_schema_validates_without_warnings(tmp_path):
    # --fail-on-warn turns any warning or error of the generator into a failure.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    text = (tmp_path / "s.yml").read_text()
    for path in (
        "/api/complaints/{reference}/investigation/",
        "/api/complaints/{reference}/statements/",
        "/api/complaints/{reference}/decision/confirm/",
        "/api/complaints/{reference}/disciplinary/",
        "/api/remedies/{id}/status/",
        "/api/complaints/{reference}/satisfaction-checks/{id}/answer/",
    ):
        assert f"  {path}:" in text, path


@pytest.mark.django_db
def test_the_schema_is_served(client, staff):
    client.force_login(staff["handler"])
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/complaints/{reference}/decision/" in response.content
