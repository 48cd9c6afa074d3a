"""The roles of SPEC.md as groups of permissions, and the question "may this user ...?"."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _


class Perm(StrEnum):
    """Permission codenames, all declared on the Complaint model."""

    INTAKE = "intake_complaint"
    ACKNOWLEDGE = "acknowledge_complaint"
    ASSIGN = "assign_complaint"
    HANDLE = "handle_complaint"
    REOPEN = "reopen_complaint"
    VIEW_ALL = "view_all_complaints"
    SIGN = "sign_letter"
    VIEW_REPORTS = "view_reports"

    @property
    def full(self) -> str:
        return f"complaints.{self.value}"


class Role(StrEnum):
    INTAKE_OPERATOR = "intake_operator"
    HANDLER = "handler"
    QUALITY_LEAD = "quality_lead"
    SIGNATORY = "signatory"
    ANALYST = "analyst"
    ADMINISTRATOR = "administrator"


ROLE_LABELS = {
    Role.INTAKE_OPERATOR: _("Intake operator"),
    Role.HANDLER: _("Complaint handler"),
    Role.QUALITY_LEAD: _("Quality lead"),
    Role.SIGNATORY: _("Signatory"),
    Role.ANALYST: _("Analyst"),
    Role.ADMINISTRATOR: _("Administrator"),
}

# Configuration permissions an administrator gets in the Django admin.
ADMIN_MODEL_PERMS = [
    ("accounts", "user"),
    ("accounts", "team"),
    ("complaints", "category"),
    ("customers", "customer"),
    ("investigations", "factitem"),
    ("investigations", "rootcausecategory"),
    ("investigations", "confirmationrule"),
    ("remedies", "offering"),
    ("letters", "lettertemplate"),
    ("letters", "signature"),
    ("letters", "organisationlettersettings"),
    ("deadlines", "businesscalendar"),
    ("deadlines", "calendarclosure"),
    ("deadlines", "deadlinepolicy"),
    ("deadlines", "deadlinerule"),
    ("deadlines", "policyassignment"),
    ("mail", "mailbox"),
    ("mail", "inboundmessage"),
    ("mail", "quarantine"),
    ("mail", "outboxmessage"),
]

# Permissions of the later stages, declared on their own models: "app_label.codename".
EXTRA_ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.QUALITY_LEAD: [
        "investigations.confirm_decision",
        "investigations.view_disciplinary",
        "improvement.propose_plan",
        "improvement.manage_plan",
    ],
    Role.HANDLER: ["improvement.propose_plan"],
    Role.SIGNATORY: ["investigations.view_disciplinary"],
}

ROLE_PERMISSIONS: dict[Role, list[Perm]] = {
    Role.INTAKE_OPERATOR: [Perm.INTAKE, Perm.ACKNOWLEDGE, Perm.ASSIGN],
    Role.HANDLER: [Perm.INTAKE, Perm.ACKNOWLEDGE, Perm.HANDLE],
    Role.QUALITY_LEAD: [
        Perm.INTAKE,
        Perm.ACKNOWLEDGE,
        Perm.ASSIGN,
        Perm.HANDLE,
        Perm.REOPEN,
        Perm.VIEW_ALL,
        Perm.VIEW_REPORTS,
    ],
    Role.SIGNATORY: [Perm.VIEW_ALL, Perm.SIGN],
    Role.ANALYST: [Perm.VIEW_REPORTS],
    Role.ADMINISTRATOR: [],
}


def group_name(role: Role) -> str:
    return role.value


def sync_role_groups() -> None:
    """Create or update one group per role with exactly the role's permissions."""
    from django.contrib.auth.models import Group, Permission

    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name(role))
        wanted = list(
            Permission.objects.filter(
                content_type__app_label="complaints", codename__in=[p.value for p in perms]
            )
        )
        for full in EXTRA_ROLE_PERMISSIONS.get(role, []):
            app_label, codename = full.split(".")
            wanted += list(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        if role is Role.ADMINISTRATOR:
            for app_label, model in ADMIN_MODEL_PERMS:
                wanted += list(
                    Permission.objects.filter(
                        content_type__app_label=app_label, content_type__model=model
                    )
                )
        group.permissions.set(wanted)


# The apps that declare permissions the roles use; after each, the groups are brought up to date.
PERMISSION_APPS = {
    "complaints",
    "investigations",
    "remedies",
    "surveys",
    "mail",
    "letters",
    "improvement",
}


def sync_role_groups_after_migrate(sender: Any, **kwargs: Any) -> None:
    if getattr(sender, "label", "") in PERMISSION_APPS:
        sync_role_groups()


def roles_of(user: Any) -> set[Role]:
    names = {g.name for g in user.groups.all()}
    return {r for r in Role if r.value in names}
