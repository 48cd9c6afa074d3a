from django.urls import path

from . import views

app_name = "letters"
urlpatterns = [
    path("complaints/<str:reference>/letters/", views.letter_start, name="start"),
    path("letters/<int:pk>/", views.letter_page, name="letter"),
    path("letters/<int:pk>/check/", views.letter_check, name="check"),
    path("letters/<int:pk>/save/", views.letter_save, name="save"),
    path("letters/<int:pk>/approve/", views.letter_approve, name="approve"),
    path("letters/<int:pk>/send/", views.letter_send, name="send"),
    path("letters/<int:pk>/diff/", views.letter_diff, name="diff"),
    path("letters/<int:pk>/pdf/", views.letter_pdf, name="pdf"),
]
