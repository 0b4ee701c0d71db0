from django.contrib import admin
from django.urls import include, path

from charter_portal import views
from charters import guide

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("words-we-use/", views.glossary, name="glossary"),
    path("healthz/", views.healthz, name="healthz"),
    path("", include("charter_portal.privacy.urls")),
    path("", include("accounts.urls")),
    path("django-admin/", admin.site.urls),
    path("", include("feedback.urls")),
    path("", include("reviews.urls")),
    path("", include("projects.urls")),
    path("charter-file-guide/", guide.file_guide, name="charter_file_guide"),
    path("charter-file-guide/example.yaml", guide.example_file, name="charter_file_example"),
    # Last: every other first path segment is a partnership's slug.
    path("<slug:slug>/", include("charters.urls")),
]
