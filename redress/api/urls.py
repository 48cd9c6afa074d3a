from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from redress.improvement import api as improvement
from redress.investigations import api as investigations
from redress.letters import api as letters
from redress.remedies import api as remedies
from redress.surveys import api as surveys

from . import views

router = DefaultRouter()
router.register("complaints", views.ComplaintViewSet, basename="complaint")
router.register("categories", views.CategoryViewSet, basename="category")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("token/", obtain_auth_token, name="api-token"),
    path("complaints/<str:reference>/investigation/", investigations.InvestigationView.as_view()),
    path("complaints/<str:reference>/statements/", investigations.StatementView.as_view()),
    path("complaints/<str:reference>/evidence/", investigations.EvidenceView.as_view()),
    path("complaints/<str:reference>/facts/", investigations.FactView.as_view()),
    path("complaints/<str:reference>/decision/", investigations.DecisionView.as_view()),
    path(
        "complaints/<str:reference>/decision/confirm/",
        investigations.DecisionReviewView.as_view(verdict="confirm"),
    ),
    path(
        "complaints/<str:reference>/decision/return/",
        investigations.DecisionReviewView.as_view(verdict="return"),
    ),
    path("complaints/<str:reference>/disciplinary/", investigations.DisciplinaryView.as_view()),
    path("complaints/<str:reference>/remedies/", remedies.ComplaintRemediesView.as_view()),
    path("remedies/<int:pk>/status/", remedies.RemedyStatusView.as_view()),
    path("complaints/<str:reference>/satisfaction-checks/", surveys.ChecksView.as_view()),
    path(
        "complaints/<str:reference>/satisfaction-checks/<int:pk>/answer/",
        surveys.PhoneAnswerView.as_view(),
    ),
    path("letters/check/", letters.CheckView.as_view()),
    path("complaints/<str:reference>/letters/", letters.ComplaintLettersView.as_view()),
    path("letters/<int:pk>/", letters.LetterView.as_view()),
    path("letters/<int:pk>/versions/", letters.LetterVersionsView.as_view()),
    path("letters/<int:pk>/findings/", letters.LetterFindingsView.as_view()),
    path("letters/<int:pk>/approve/", letters.LetterApproveView.as_view()),
    path("letters/<int:pk>/send/", letters.LetterSendView.as_view()),
    path("letters/<int:pk>/pdf/", letters.LetterPdfView.as_view()),
    path("plans/", improvement.PlansView.as_view()),
    path("plans/<int:pk>/", improvement.PlanView.as_view()),
    path("plans/<int:pk>/complaints/", improvement.PlanAttachView.as_view()),
    path("plans/<int:pk>/transition/", improvement.PlanMoveView.as_view()),
    path("plans/<int:pk>/effectiveness/", improvement.PlanCheckView.as_view()),
    path("plans/<int:pk>/actions/", improvement.PlanActionsView.as_view()),
    path("plan-actions/<int:pk>/status/", improvement.ActionStatusView.as_view()),
    path("recurring/", improvement.RecurringView.as_view()),
    path("recurring/<int:pk>/plan/", improvement.ClusterPlanView.as_view()),
    path("reports/deadlines/", views.DeadlineReportView.as_view(), name="api-deadline-report"),
    path("", include(router.urls)),
]
