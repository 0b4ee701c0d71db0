from django.urls import path

from charter_portal.privacy import erasure_views, export_views, retention_views

app_name = "privacy"

urlpatterns = [
    path("account/erase/", erasure_views.ask_erasure, name="ask_erasure"),
    path("people/<int:pk>/erase/", erasure_views.erase_person, name="erase_person"),
    path("people/<int:pk>/erase/refuse/", erasure_views.refuse_erasure, name="refuse_erasure"),
    # A copy of someone's information (export_views).
    path("account/copy/", export_views.ask_copy, name="ask_copy"),
    path("copies/<int:pk>/", export_views.copy, name="copy"),
    path("copies/<int:pk>/download/", export_views.download_copy, name="download_copy"),
    path("people/<int:pk>/copy/", export_views.copy_person, name="copy_person"),
    path("<slug:slug>/data-requests/", export_views.data_requests, name="data_requests"),
    path("<slug:slug>/privacy/", retention_views.privacy_notice, name="notice"),
    path("<slug:slug>/privacy/retention/", retention_views.retention_settings, name="retention"),
]
