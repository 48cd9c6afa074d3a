from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("reports/", views.dashboard, name="dashboard"),
    path("reports/refresh/", views.refresh, name="refresh"),
    path("reports/exports/", views.export_start, name="export_start"),
    path("reports/exports/<int:pk>/", views.export_detail, name="export"),
    path("reports/exports/<int:pk>/download/", views.export_download, name="download"),
]
