from django.contrib import admin

from charter_portal.public_cache import ChangesPublicPages
from charters.models import (
    Charter,
    CharterEvent,
    Commitment,
    Organisation,
    ParticipationLevel,
    Partnership,
    Principle,
    Signatory,
)


class OrganisationInline(admin.TabularInline):
    model = Organisation
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(ChangesPublicPages, admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationInline]


@admin.register(Organisation)
class OrganisationAdmin(ChangesPublicPages, admin.ModelAdmin):
    list_display = ["name", "kind", "partnership"]
    list_filter = ["kind", "partnership"]
    search_fields = ["name", "partnership__name"]
    list_select_related = ["partnership"]


class PrincipleInline(admin.TabularInline):
    model = Principle
    fields = ["order", "title"]
    extra = 0
    show_change_link = True


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0


@admin.register(Charter)
class CharterAdmin(ChangesPublicPages, admin.ModelAdmin):
    list_display = ["title", "partnership", "version", "status", "published_on", "review_due_on"]
    list_filter = ["status", "partnership"]
    search_fields = ["title", "version", "partnership__name"]
    list_select_related = ["partnership"]
    inlines = [PrincipleInline, SignatoryInline]


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0


@admin.register(Principle)
class PrincipleAdmin(ChangesPublicPages, admin.ModelAdmin):
    list_display = ["title", "charter", "order"]
    list_filter = ["charter__partnership"]
    search_fields = ["title", "summary", "charter__title"]
    list_select_related = ["charter__partnership"]
    inlines = [CommitmentInline]


@admin.register(ParticipationLevel)
class ParticipationLevelAdmin(ChangesPublicPages, admin.ModelAdmin):
    list_display = ["name", "charter", "group", "kite_mark", "order"]
    list_filter = ["group", "kite_mark"]
    search_fields = ["name", "charter__title"]
    list_select_related = ["charter__partnership"]


@admin.register(CharterEvent)
class CharterEventAdmin(admin.ModelAdmin):
    list_display = ["at", "partnership", "charter", "what", "actor"]
    list_filter = ["partnership"]
    search_fields = ["what", "charter__title", "actor__name"]
    list_select_related = ["partnership", "charter", "actor"]
    date_hierarchy = "at"
