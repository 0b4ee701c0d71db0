from django.contrib import admin

from charter_portal.public_cache import ChangesPublicPages
from feedback.models import Feedback, FeedbackEvent, Topic


@admin.register(Topic)
class TopicAdmin(ChangesPublicPages, admin.ModelAdmin):
    list_display = ["name", "partnership", "order", "active"]
    list_filter = ["partnership", "active"]
    search_fields = ["name", "partnership__name"]
    list_select_related = ["partnership"]


class FeedbackEventInline(admin.TabularInline):
    model = FeedbackEvent
    extra = 0
    fields = ["at", "kind", "what", "note", "actor"]
    readonly_fields = fields
    can_delete = False


@admin.register(Feedback)
class FeedbackAdmin(ChangesPublicPages, admin.ModelAdmin):
    list_display = ["reference", "partnership", "topic", "status", "due_on", "assigned_to", "published_at"]
    list_filter = ["status", "partnership", "channel"]
    search_fields = ["reference", "text", "you_said", "we_did", "name", "email"]
    list_select_related = ["partnership", "topic", "assigned_to"]
    raw_id_fields = ["submitted_by", "logged_by", "assigned_to", "principle"]
    date_hierarchy = "received_at"
    inlines = [FeedbackEventInline]


@admin.register(FeedbackEvent)
class FeedbackEventAdmin(admin.ModelAdmin):
    list_display = ["at", "feedback", "kind", "what", "actor"]
    list_filter = ["kind"]
    search_fields = ["feedback__reference", "what", "note"]
    list_select_related = ["feedback", "actor"]
