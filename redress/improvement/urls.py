from django.urls import path

from . import views

app_name = "improvement"
urlpatterns = [
    path("plans/", views.plan_list, name="plans"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/actions/", views.plan_add_action, name="add_action"),
    path(
        "plans/<int:pk>/actions/<int:action_pk>/status/",
        views.plan_action_status,
        name="action_status",
    ),
    path("plans/<int:pk>/move/", views.plan_move, name="move"),
    path("recurring/", views.recurring, name="recurring"),
    path("recurring/recompute/", views.recurring_recompute, name="recompute"),
    path("recurring/<int:cluster_pk>/plan/", views.recurring_make_plan, name="cluster_plan"),
    path("complaints/<str:reference>/plans/", views.complaint_propose, name="propose"),
    path("complaints/<str:reference>/plans/attach/", views.complaint_attach, name="attach"),
]
