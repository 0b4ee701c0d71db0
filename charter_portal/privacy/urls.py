from django.urls import path

from charter_portal.privacy import erasure_views, retention_views

app_name = "privacy"

urlpatterns = [
    path("account/erase/", erasure_views.ask_erasure, name="ask_erasure"),
    path("people/<int:pk>/erase/", erasure_views.erase_person, name="erase_person"),
    path("people/<int:pk>/erase/refuse/", erasure_views.refuse_erasure, name="refuse_erasure"),
    path("<slug:slug>/privacy/", retention_views.privacy_notice, name="notice"),
    path("<slug:slug>/privacy/retention/", retention_views.retention_settings, name="retention"),
]
