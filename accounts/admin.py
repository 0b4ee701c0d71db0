from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import AccessLog, AccountEvent, User


class AccountEventInline(admin.TabularInline):
    model = AccountEvent
    fk_name = "user"
    extra = 0
    fields = ["at", "what", "actor"]
    readonly_fields = fields
    can_delete = False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "role", "partnership", "organisation", "is_active"]
    list_filter = ["role", "partnership", "is_active", "is_superuser"]
    search_fields = ["email", "name", "organisation__name"]
    list_select_related = ["partnership", "organisation"]
    autocomplete_fields = ["partnership", "organisation"]
    inlines = [AccountEventInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["name", "role", "family_kind", "partnership", "organisation"]}),
        ("Contact", {"fields": ["preferred_contact", "phone", "postal_address", "access_needs"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "name", "role", "partnership", "organisation", "password1", "password2"],
            },
        )
    ]

    def has_delete_permission(self, request, obj=None) -> bool:
        """An account is closed or erased, never deleted: deleting it would blank who looked, or whom
        it was about, on the access log's lines, and take away what decisions rest on."""
        return False


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "what", "actor"]
    search_fields = ["user__email", "user__name", "what"]
    list_select_related = ["user", "actor"]
    date_hierarchy = "at"


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only, even for superusers: the access log is append-only for everyone."""

    list_display = ["at", "partnership", "actor", "kind", "record", "subject"]
    list_filter = ["kind", "partnership"]
    search_fields = ["record", "actor__email", "actor__name", "subject__email", "subject__name"]
    list_select_related = ["partnership", "actor", "subject"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
