from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("survey/<str:token>/", views.answer, name="answer"),
    path(
        "staff/complaints/<str:reference>/satisfaction/<int:pk>/",
        views.record_phone_answer,
        name="phone",
    ),
]
