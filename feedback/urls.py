from django.urls import path

from feedback import views

app_name = "feedback"

urlpatterns = [
    path("check-your-feedback/", views.check_feedback, name="check"),
    path("your-feedback/<text:reference>/", views.my_feedback, name="mine"),
    path("<slug:slug>/tell-us/", views.tell_us, name="tell_us"),
    path("<slug:slug>/tell-us/check/", views.check_answers, name="check_answers"),
    path("<slug:slug>/tell-us/start-again/", views.start_again, name="start_again"),
    path("<slug:slug>/tell-us/sent/", views.sent, name="sent"),
    path("<slug:slug>/you-said-we-did/", views.board, name="board"),
    path("<slug:slug>/you-said-we-did/report/", views.yswd_report, name="report"),
    path("<slug:slug>/you-said-we-did/report.pdf", views.yswd_report_pdf, name="report_pdf"),
    path("<slug:slug>/you-said-we-did/report.csv", views.yswd_report_csv, name="report_csv"),
    path("<slug:slug>/you-said-we-did/report.ods", views.yswd_report_ods, name="report_ods"),
    path("<slug:slug>/feedback/", views.queue, name="queue"),
    path("<slug:slug>/feedback/export.csv", views.export_queue, name="export"),
    path("<slug:slug>/feedback/log/", views.log_feedback, name="log"),
    path("<slug:slug>/feedback/topics/", views.topics, name="topics"),
    path("<slug:slug>/feedback/topics/<int:pk>/", views.change_topic, name="change_topic"),
    path("<slug:slug>/feedback/topics/<int:pk>/show-or-hide/", views.toggle_topic, name="toggle_topic"),
    path("<slug:slug>/feedback/<text:reference>/", views.detail, name="detail"),
    path("<slug:slug>/feedback/<text:reference>/assign/", views.assign_feedback, name="assign"),
    path("<slug:slug>/feedback/<text:reference>/note/", views.add_note, name="note"),
    path("<slug:slug>/feedback/<text:reference>/status/", views.change_status, name="status"),
    path("<slug:slug>/feedback/<text:reference>/link/", views.link_feedback, name="link"),
    path("<slug:slug>/feedback/<text:reference>/publish/", views.publish_feedback, name="publish"),
    path("<slug:slug>/feedback/<text:reference>/unpublish/", views.unpublish_feedback, name="unpublish"),
]
