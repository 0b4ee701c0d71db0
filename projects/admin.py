from django.contrib import admin

from charter_portal.public_cache import ChangesPublicPages
from projects.models import Contribution, Member, Project, ProjectEvent, StageRecord


class StageInline(admin.TabularInline):
    model = StageRecord
    fields = ["stage", "status", "completed_at", "completed_by", "override_reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class MemberInline(admin.TabularInline):
    model = Member
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Project)
class ProjectAdmin(ChangesPublicPages, admin.ModelAdmin):
    list_display = ["title", "partnership", "level", "current_stage", "is_complete", "is_public", "lead_officer"]
    list_filter = ["partnership", "current_stage", "is_complete", "is_public"]
    search_fields = ["title", "summary", "improvement_priority"]
    list_select_related = ["partnership", "level", "lead_officer"]
    raw_id_fields = ["lead_officer", "charter", "level"]
    inlines = [StageInline, MemberInline]


@admin.register(Contribution)
class ContributionAdmin(ChangesPublicPages, admin.ModelAdmin):
    list_display = ["created_at", "stage", "member", "kind", "shaped_decision"]
    list_filter = ["kind", "shaped_decision"]
    search_fields = ["text", "member__user__name", "stage__project__title"]
    list_select_related = ["stage__project", "member__user"]


@admin.register(ProjectEvent)
class ProjectEventAdmin(admin.ModelAdmin):
    list_display = ["at", "project", "what", "actor"]
    search_fields = ["what", "project__title"]
    list_select_related = ["project", "actor"]
