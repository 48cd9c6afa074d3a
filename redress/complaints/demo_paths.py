"""The demo's lifecycle paths: plain data, importable without Django (the benchmark's
django-helpdesk seeder uses it too)."""

# Each target state and the path of moves that reaches it (after acknowledgement).
PATHS: dict[str, list[str]] = {
    "received": [],
    "acknowledged": ["acknowledged"],
    "registered": ["acknowledged", "registered"],
    "investigating": ["acknowledged", "registered", "investigating"],
    "decided": ["acknowledged", "registered", "investigating", "decided"],
    "responding": ["acknowledged", "registered", "investigating", "decided", "responding"],
    "remedying": [
        "acknowledged",
        "registered",
        "investigating",
        "decided",
        "responding",
        "remedying",
    ],
    "satisfaction_check": [
        "acknowledged",
        "registered",
        "investigating",
        "decided",
        "responding",
        "remedying",
        "satisfaction_check",
    ],
    "closed": [
        "acknowledged",
        "registered",
        "investigating",
        "decided",
        "responding",
        "remedying",
        "satisfaction_check",
        "closed",
    ],
    "withdrawn": ["acknowledged", "withdrawn"],
    "reopened": [
        "acknowledged",
        "registered",
        "investigating",
        "decided",
        "responding",
        "satisfaction_check",
        "reopened",
    ],
    "first_contact": ["first_contact"],
}
