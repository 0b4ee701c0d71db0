from django.contrib import admin

from charter_portal.public_cache import ChangesPublicPages
from reviews.models import AssessmentComment, CaseStudy, KiteMarkApplication, PrincipleAssessment, ReviewAnswer, SignOff


@admin.register(ReviewAnswer)
class ReviewAnswerAdmin(admin.ModelAdmin):
    list_display = ["project", "member", "question", "answer", "may_quote", "updated_at"]
    list_filter = ["answer", "may_quote"]
    search_fields = ["project__title", "member__user__name", "comment"]
    list_select_related = ["project", "member__user", "question"]


@admin.register(PrincipleAssessment)
class PrincipleAssessmentAdmin(admin.ModelAdmin):
    list_display = ["project", "principle", "rating", "updated_by", "updated_at"]
    list_filter = ["rating"]
    search_fields = ["project__title", "principle__title", "evidence"]
    list_select_related = ["project", "principle", "updated_by"]


@admin.register(AssessmentComment)
class AssessmentCommentAdmin(admin.ModelAdmin):
    list_display = ["assessment", "member", "created_at"]
    search_fields = ["text", "member__user__name"]
    list_select_related = ["assessment__principle", "member__user"]


@admin.register(KiteMarkApplication)
class KiteMarkApplicationAdmin(ChangesPublicPages, admin.ModelAdmin):
    list_display = ["project", "status", "applied_at", "awarded_at", "revoked_at"]
    list_filter = ["status"]
    search_fields = ["project__title", "code"]
    list_select_related = ["project"]


@admin.register(SignOff)
class SignOffAdmin(ChangesPublicPages, admin.ModelAdmin):
    list_display = ["application", "kind", "lead", "decision", "at"]
    list_filter = ["decision", "kind"]
    search_fields = ["application__project__title", "lead__name", "reason"]
    list_select_related = ["application__project", "lead"]


@admin.register(CaseStudy)
class CaseStudyAdmin(ChangesPublicPages, admin.ModelAdmin):
    list_display = ["project", "published_at"]
    search_fields = ["project__title", "summary"]
    list_select_related = ["project"]
