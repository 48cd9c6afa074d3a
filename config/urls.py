from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("accounts/", include("redress.accounts.urls")),
    path("staff/", include("redress.complaints.urls")),
    path("staff/", include("redress.investigations.urls")),
    path("staff/", include("redress.remedies.urls")),
    path("staff/", include("redress.letters.urls")),
    path("", include("redress.surveys.urls")),
    path("staff/", include("redress.deadlines.urls")),
    path("staff/", include("redress.insights.urls")),
    path("staff/", include("redress.improvement.urls")),
    path("api/", include("redress.api.urls")),
    path("", include("redress.channels.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
