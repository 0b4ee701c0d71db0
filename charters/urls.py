from django.urls import path

from charters import views

app_name = "charters"

# Mounted at /<partnership slug>/.
urlpatterns = [
    path("", views.partnership_home, name="partnership"),
    path("charter/", views.current_charter, name="charter"),
    path("charter/manage/", views.manage_charter, name="manage"),
    path("charter/upload/", views.upload_charter, name="upload"),
    path("charter/upload/check/", views.preview_upload, name="preview_upload"),
    path("charter/new-draft/", views.new_draft, name="new_draft"),
    path("charter/<text:version>/", views.charter_version, name="version"),
    path("charter/<text:version>/charter.yaml", views.download_charter, name="download"),
    path("charter/<text:version>/print/", views.print_charter, name="print"),
    path("charter/<text:version>/edit/", views.edit_draft, name="edit_draft"),
    path("charter/<text:version>/edit/details/", views.change_details, name="change_details"),
    path("charter/<text:version>/edit/principles/new/", views.add_principle, name="add_principle"),
    path("charter/<text:version>/edit/principles/<int:pk>/", views.change_principle, name="change_principle"),
    path(
        "charter/<text:version>/edit/principles/<int:pk>/remove/",
        views.remove_principle,
        name="remove_principle",
    ),
    path("charter/<text:version>/edit/principles/<int:pk>/move/", views.move_principle, name="move_principle"),
    path(
        "charter/<text:version>/edit/principles/<int:pk>/statements/new/",
        views.add_commitment,
        name="add_commitment",
    ),
    path("charter/<text:version>/edit/statements/<int:pk>/", views.change_commitment, name="change_commitment"),
    path(
        "charter/<text:version>/edit/statements/<int:pk>/remove/",
        views.remove_commitment,
        name="remove_commitment",
    ),
    path("charter/<text:version>/edit/statements/<int:pk>/move/", views.move_commitment, name="move_commitment"),
    path("charter/<text:version>/edit/removed/<int:pk>/restore/", views.restore, name="restore"),
    path("charter/<text:version>/signatories/new/", views.add_signatory, name="add_signatory"),
    path("charter/<text:version>/signatories/<int:pk>/remove/", views.remove_signatory, name="remove_signatory"),
    path("charter/<text:version>/edit/adopt/<slug:part>/", views.adopt_default, name="adopt_default"),
    path("charter/<text:version>/edit/kite-mark/", views.kite_mark_rule, name="kite_mark_rule"),
    path("charter/<text:version>/edit/kite-mark/remove/", views.remove_kite_mark, name="remove_kite_mark"),
    path("charter/<text:version>/publish/", views.publish_charter, name="publish"),
    path("charter/<text:version>/delete/", views.delete_draft, name="delete_draft"),
]
