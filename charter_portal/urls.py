from django.contrib import admin
from django.urls import include, path

from charter_portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("", include("accounts.urls")),
    path("django-admin/", admin.site.urls),
    path("", include("feedback.urls")),
    path("", include("reviews.urls")),
    path("", include("projects.urls")),
    # Last: every other first path segment is a partnership's slug.
    path("<slug:slug>/", include("charters.urls")),
]
