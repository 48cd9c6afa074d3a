"""The shipped calendars and deadline policies. Editable in the admin afterwards.

Every preset carries the organisation's own targets from SPEC.md (acknowledge the same
business day, assign by the next business day) next to the regulator's response limits,
so a complaint under a regulated policy still has all its deadlines.
"""

import datetime

from django.conf import settings
from django.db import migrations

WEEKDAYS = "0,1,2,3,4"
NINE, FIVE = datetime.time(9, 0), datetime.time(17, 0)

CALENDARS = [
    # name, time zone, country, region
    ("United Kingdom (England)", "Europe/London", "GB", "ENG"),
    ("United States (federal)", "America/New_York", "US", ""),
    ("Australia (New South Wales)", "Australia/Sydney", "AU", "NSW"),
]

OWN_TARGETS = [
    # kind, amount, unit, extended, warn hours, optional
    ("acknowledge", 0, "business_days", None, 2, False),
    ("assign", 1, "business_days", None, 4, False),
]

POLICIES = [
    {
        "code": "standard",
        "name": "Standard",
        "calendar": None,
        "is_default": True,
        "description": (
            "Acknowledge the same business day, assign a responsible person by the next "
            "business day, send the final response within 10 business days."
        ),
        "rules": [*OWN_TARGETS, ("response", 10, "business_days", None, 16, False)],
    },
    {
        "code": "uk-fca-disp",
        "name": "UK FCA DISP",
        "calendar": "United Kingdom (England)",
        "description": (
            "FCA Handbook DISP 1.6: a final response within eight weeks of receipt. A "
            "complaint resolved by the end of the third business day after the day it was "
            "received may be closed with a summary resolution communication (DISP 1.5)."
        ),
        "rules": [
            *OWN_TARGETS,
            ("summary_resolution", 3, "business_days", None, 4, True),
            ("response", 56, "calendar_days", None, 40, False),
        ],
    },
    {
        "code": "uk-fca-disp-payments",
        "name": "UK FCA DISP, payment services",
        "calendar": "United Kingdom (England)",
        "description": (
            "DISP 1.6.2A: payment services and e-money complaints get a final response "
            "within 15 business days of receipt; in exceptional circumstances, after a "
            "holding reply, within 35 business days at most."
        ),
        "rules": [
            *OWN_TARGETS,
            ("summary_resolution", 3, "business_days", None, 4, True),
            ("response", 15, "business_days", 35, 16, False),
        ],
    },
    {
        "code": "us-cfpb",
        "name": "US CFPB",
        "calendar": "United States (federal)",
        "description": (
            "CFPB complaint process: respond within 15 days; where the response is in "
            "progress (a holding reply), the final response within 60 days."
        ),
        "rules": [*OWN_TARGETS, ("response", 15, "calendar_days", 60, 16, False)],
    },
    {
        "code": "au-asic-rg271",
        "name": "Australia ASIC RG 271",
        "calendar": "Australia (New South Wales)",
        "description": (
            "ASIC Regulatory Guide 271 (internal dispute resolution): acknowledge within "
            "one business day, respond within 30 calendar days."
        ),
        "rules": [
            ("acknowledge", 1, "business_days", None, 4, False),
            ("assign", 1, "business_days", None, 4, False),
            ("response", 30, "calendar_days", None, 40, False),
        ],
    },
]


def create_presets(apps, schema_editor):
    BusinessCalendar = apps.get_model("deadlines", "BusinessCalendar")
    DeadlinePolicy = apps.get_model("deadlines", "DeadlinePolicy")
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    country = getattr(settings, "REDRESS_HOLIDAY_COUNTRY", "GB")
    BusinessCalendar.objects.get_or_create(
        name="Organisation calendar",
        defaults={
            "time_zone": settings.TIME_ZONE,
            "country": country,
            "subdivision": getattr(settings, "REDRESS_HOLIDAY_SUBDIVISION", ""),
            "working_days": WEEKDAYS,
            "opens_at": NINE,
            "closes_at": FIVE,
            "is_default": not BusinessCalendar.objects.filter(is_default=True).exists(),
        },
    )
    calendars = {}
    for name, tz, country_code, region in CALENDARS:
        calendars[name] = BusinessCalendar.objects.get_or_create(
            name=name,
            defaults={
                "time_zone": tz,
                "country": country_code,
                "subdivision": region,
                "working_days": WEEKDAYS,
                "opens_at": NINE,
                "closes_at": FIVE,
            },
        )[0]
    for preset in POLICIES:
        policy, created = DeadlinePolicy.objects.get_or_create(
            code=preset["code"],
            defaults={
                "name": preset["name"],
                "description": preset["description"],
                "calendar": calendars.get(preset["calendar"]),
                "is_default": preset.get("is_default", False)
                and not DeadlinePolicy.objects.filter(is_default=True).exists(),
                "is_preset": True,
            },
        )
        if not created:
            continue
        for kind, amount, unit, extended, warn, optional in preset["rules"]:
            DeadlineRule.objects.create(
                policy=policy,
                kind=kind,
                amount=amount,
                unit=unit,
                extended_amount=extended,
                warn_before_hours=warn,
                is_optional=optional,
            )


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]
    operations = [migrations.RunPython(create_presets, migrations.RunPython.noop)]
