from django.urls import path

from . import views

app_name = "complaints"
urlpatterns = [
    path("", views.journal, name="journal"),
    path("intake/", views.intake, name="intake"),
    path("complaints/<str:reference>/", views.complaint_detail, name="detail"),
    path("complaints/<str:reference>/transition/", views.complaint_transition, name="transition"),
    path("complaints/<str:reference>/assign/", views.complaint_assign, name="assign"),
    path("complaints/<str:reference>/note/", views.complaint_note, name="note"),
    path("customers/<int:pk>/", views.customer_card, name="customer"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
