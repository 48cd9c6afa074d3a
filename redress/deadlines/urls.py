from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("complaints/<str:reference>/clock/pause/", views.pause, name="pause"),
    path("complaints/<str:reference>/clock/resume/", views.resume, name="resume"),
    path("complaints/<str:reference>/holding-reply/", views.holding_reply, name="holding_reply"),
    path("complaints/<str:reference>/contact/", views.contact, name="contact"),
]
