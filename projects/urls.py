from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("<slug:slug>/projects/", views.project_list, name="list"),
    path("<slug:slug>/projects/new/", views.start_project, name="start"),
    path("<slug:slug>/projects/<int:pk>/", views.project_detail, name="detail"),
    path("<slug:slug>/projects/<int:pk>/public/", views.public_project, name="public"),
    path("invitations/<str:token>/", views.accept_invitation, name="invitation"),
    path("<slug:slug>/projects/<int:pk>/members/", views.members, name="members"),
    path("<slug:slug>/projects/<int:pk>/members/invite/", views.invite_member, name="invite"),
    path("<slug:slug>/projects/<int:pk>/visibility/", views.set_public, name="set_public"),
    path(
        "<slug:slug>/projects/<int:pk>/contributions/<int:contribution>/shaped/", views.mark_shaped, name="mark_shaped"
    ),
    path("<slug:slug>/projects/<int:pk>/meetings/<int:meeting_pk>/", views.meeting_detail, name="meeting"),
    path(
        "<slug:slug>/projects/<int:pk>/meetings/<int:meeting_pk>/attendance/",
        views.record_attendance,
        name="attendance",
    ),
    path("<slug:slug>/projects/<int:pk>/meetings/<int:meeting_pk>/papers/", views.add_paper, name="add_paper"),
    path(
        "<slug:slug>/projects/<int:pk>/meetings/<int:meeting_pk>/papers/<int:paper_pk>/",
        views.download_paper,
        name="paper",
    ),
    path(
        "<slug:slug>/projects/<int:pk>/meetings/<int:meeting_pk>/meeting.ics", views.meeting_calendar, name="calendar"
    ),
    path("<slug:slug>/projects/<int:pk>/<str:stage>/", views.stage_detail, name="stage"),
    path("<slug:slug>/projects/<int:pk>/<str:stage>/meetings/new/", views.schedule_meeting, name="schedule_meeting"),
    path("<slug:slug>/projects/<int:pk>/<str:stage>/decisions/new/", views.record_decision, name="record_decision"),
    path("<slug:slug>/projects/<int:pk>/<str:stage>/contribute/", views.contribute, name="contribute"),
    path("<slug:slug>/projects/<int:pk>/<str:stage>/summary/", views.save_summary, name="save_summary"),
    path("<slug:slug>/projects/<int:pk>/<str:stage>/complete/", views.complete_stage, name="complete"),
    path("<slug:slug>/projects/<int:pk>/<str:stage>/reopen/", views.reopen_stage, name="reopen"),
]
