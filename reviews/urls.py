from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("<slug:slug>/projects/<int:pk>/review/", views.answer_review, name="answer"),
    path("<slug:slug>/projects/<int:pk>/review/results/", views.results, name="results"),
    path("<slug:slug>/projects/<int:pk>/principles/", views.assessments, name="assessments"),
    path("<slug:slug>/projects/<int:pk>/principles/<int:principle_pk>/", views.assess_principle, name="assess"),
    path("<slug:slug>/projects/<int:pk>/principles/<int:principle_pk>/comment/", views.comment, name="comment"),
]
