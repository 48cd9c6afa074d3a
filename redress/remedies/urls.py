from django.urls import path

from . import views

app_name = "remedies"
urlpatterns = [
    path("complaints/<str:reference>/remedies/", views.remedy_create, name="create"),
    path(
        "complaints/<str:reference>/remedies/<int:pk>/status/",
        views.remedy_status,
        name="status",
    ),
]
