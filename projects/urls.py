from django.urls import path

from projects import views

app_name = "projects"

PROJECT = "<slug:slug>/projects/<int:pk>/"
MEETING = PROJECT + "meetings/<int:meeting_pk>/"

urlpatterns = [
    path("<slug:slug>/projects/", views.project_list, name="list"),
    path("<slug:slug>/projects/new/", views.start_project, name="start"),
    path(PROJECT, views.project_detail, name="detail"),
    path(PROJECT + "details/", views.change_project, name="change"),
    path(PROJECT + "timeline/", views.project_timeline, name="timeline"),
    path(PROJECT + "messages/", views.project_messages, name="messages"),
    path(PROJECT + "public/", views.public_project, name="public"),
    path("invitations/<text:token>/", views.accept_invitation, name="invitation"),
    path(PROJECT + "members/", views.members, name="members"),
    path(PROJECT + "members/<int:member_pk>/remove/", views.remove_member, name="remove_member"),
    path(PROJECT + "members/invite/", views.invite_member, name="invite"),
    path(PROJECT + "invitations/<int:invitation_pk>/resend/", views.resend_invitation, name="resend_invitation"),
    path(PROJECT + "invitations/<int:invitation_pk>/withdraw/", views.withdraw_invitation, name="withdraw_invitation"),
    path(PROJECT + "visibility/", views.set_public, name="set_public"),
    path(PROJECT + "contributions/<int:contribution>/shaped/", views.mark_shaped, name="mark_shaped"),
    path(PROJECT + "decisions/<int:decision_pk>/change/", views.change_decision, name="change_decision"),
    path(MEETING, views.meeting_detail, name="meeting"),
    path(MEETING + "change/", views.change_meeting, name="change_meeting"),
    path(MEETING + "cancel/", views.cancel_meeting, name="cancel_meeting"),
    path(MEETING + "attendance/", views.record_attendance, name="attendance"),
    path(MEETING + "papers/", views.add_paper, name="add_paper"),
    path(MEETING + "papers/send/", views.send_papers, name="send_papers"),
    path(MEETING + "papers/<int:paper_pk>/", views.download_paper, name="paper"),
    path(MEETING + "meeting.ics", views.meeting_calendar, name="calendar"),
    path(PROJECT + "<text:stage>/", views.stage_detail, name="stage"),
    path(PROJECT + "<text:stage>/meetings/new/", views.schedule_meeting, name="schedule_meeting"),
    path(PROJECT + "<text:stage>/meetings/past/", views.record_past_meeting, name="record_past_meeting"),
    path(PROJECT + "<text:stage>/decisions/new/", views.record_decision, name="record_decision"),
    path(PROJECT + "<text:stage>/contribute/", views.contribute, name="contribute"),
    path(PROJECT + "<text:stage>/summary/", views.save_summary, name="save_summary"),
    path(PROJECT + "<text:stage>/complete/", views.complete_stage, name="complete"),
    path(PROJECT + "<text:stage>/reopen/", views.reopen_stage, name="reopen"),
]
