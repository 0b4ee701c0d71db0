from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("<slug:slug>/projects/", views.project_list, name="list"),
    path("<slug:slug>/projects/new/", views.start_project, name="start"),
    path("<slug:slug>/projects/<int:pk>/", views.project_detail, name="detail"),
    path("<slug:slug>/projects/<int:pk>/public/", views.public_project, name="public"),
    path("<slug:slug>/projects/<int:pk>/members/", views.members, name="members"),
    path("<slug:slug>/projects/<int:pk>/visibility/", views.set_public, name="set_public"),
    path(
        "<slug:slug>/projects/<int:pk>/contributions/<int:contribution>/shaped/", views.mark_shaped, name="mark_shaped"
    ),
    path("<slug:slug>/projects/<int:pk>/<str:stage>/", views.stage_detail, name="stage"),
    path("<slug:slug>/projects/<int:pk>/<str:stage>/contribute/", views.contribute, name="contribute"),
    path("<slug:slug>/projects/<int:pk>/<str:stage>/summary/", views.save_summary, name="save_summary"),
    path("<slug:slug>/projects/<int:pk>/<str:stage>/complete/", views.complete_stage, name="complete"),
    path("<slug:slug>/projects/<int:pk>/<str:stage>/reopen/", views.reopen_stage, name="reopen"),
]
