from django.urls import path

from . import views

app_name = "channels"
urlpatterns = [
    path("", views.complaint_form, name="complaint_form"),
    path("complaint/received/<str:token>/", views.acknowledgement, name="acknowledgement"),
    path("track/<str:token>/", views.track, name="track"),
    path("policy/", views.policy, name="policy"),
    path("policy/questionnaire.<str:language>.pdf", views.questionnaire, name="questionnaire"),
]
