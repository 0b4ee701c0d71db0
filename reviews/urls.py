from django.urls import path

from reviews import pack_views, views

app_name = "reviews"

urlpatterns = [
    path("kite-mark/<text:code>/", views.verify, name="verify"),
    path("kite-mark/<text:code>/badge.svg", views.badge, name="badge"),
    path("<slug:slug>/kite-marks/", views.dashboard, name="dashboard"),
    path("<slug:slug>/insights/", views.insights, name="insights"),
    path("<slug:slug>/insights/insights.pdf", views.insights_pdf, name="insights_pdf"),
    path("<slug:slug>/insights/figures.ods", views.insights_figures, name="insights_figures"),
    path("<slug:slug>/insights/<slug:name>.csv", views.insights_figures, name="insights_figure"),
    path("<slug:slug>/projects/<int:pk>/kite-mark/", views.kite_mark_page, name="kite_mark"),
    path("<slug:slug>/projects/<int:pk>/kite-mark/apply/", views.apply_for_kite_mark, name="apply"),
    path("<slug:slug>/projects/<int:pk>/kite-mark/withdraw/", views.withdraw_kite_mark, name="withdraw"),
    path("<slug:slug>/projects/<int:pk>/kite-mark/sign-off/", views.sign_off_kite_mark, name="sign_off"),
    path("<slug:slug>/projects/<int:pk>/kite-mark/revoke/", views.revoke_kite_mark, name="revoke"),
    path("<slug:slug>/evidence-pack/", pack_views.evidence_packs, name="evidence_packs"),
    path("<slug:slug>/evidence-pack/<int:pk>/", pack_views.evidence_pack, name="evidence_pack"),
    path(
        "<slug:slug>/evidence-pack/<int:pk>/download/", pack_views.download_evidence_pack, name="download_evidence_pack"
    ),
    path("<slug:slug>/evidence-pack/<int:pk>/try-again/", pack_views.try_evidence_pack_again, name="try_again"),
    path("<slug:slug>/case-studies/", views.case_studies, name="case_studies"),
    path("<slug:slug>/projects/<int:pk>/case-study/", views.case_study, name="case_study"),
    path("<slug:slug>/projects/<int:pk>/case-study/write/", views.write_case_study, name="write_case_study"),
    path("<slug:slug>/projects/<int:pk>/review/", views.answer_review, name="answer"),
    path("<slug:slug>/projects/<int:pk>/review/results/", views.results, name="results"),
    path("<slug:slug>/projects/<int:pk>/principles/", views.assessments, name="assessments"),
    path("<slug:slug>/projects/<int:pk>/principles/<int:principle_pk>/", views.assess_principle, name="assess"),
    path("<slug:slug>/projects/<int:pk>/principles/<int:principle_pk>/comment/", views.comment, name="comment"),
]
