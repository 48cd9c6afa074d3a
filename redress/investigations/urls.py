from django.urls import path

from . import views

app_name = "investigations"
urlpatterns = [
    path("complaints/<str:reference>/statements/", views.statement_add, name="statement"),
    path("complaints/<str:reference>/evidence/", views.evidence_upload, name="evidence"),
    path("complaints/<str:reference>/facts/<int:item_id>/", views.fact_record, name="fact"),
    path("complaints/<str:reference>/decision/", views.decision_record, name="decide"),
    path(
        "complaints/<str:reference>/decision/<str:verdict>/",
        views.decision_review,
        name="review",
    ),
    path("complaints/<str:reference>/disciplinary/", views.disciplinary_add, name="disciplinary"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_file"),
]
