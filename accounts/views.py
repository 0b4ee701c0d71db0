from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_POST

from accounts import demo, forms
from accounts.access import people_page, person_for_admin
from accounts.access_log import record_access
from accounts.confirmation import account_for_link, send_confirmation
from accounts.models import AccessKind, DataRequest, Role, User
from accounts.signals import email_confirmed
from charter_portal import notify
from charter_portal.forms import posted
from charter_portal.pagination import paginate
from charter_portal.permissions import (
    handles_feedback,
    is_family_account,
    lists_people,
    manages_partnership,
    signs_off_for,
)

USERS_PER_PAGE = 25


def field_names(names) -> list[str]:
    """The plain names of a user's fields, for the timeline."""
    return [str(User._meta.get_field(name).verbose_name).lower() for name in names]


def landing_page(user) -> str:
    """Where someone lands after signing in: on their work. Officers and admins, who answer what
    families tell the partnership, on its feedback queue; an admin who does not, on the partnership's
    page; forum leads, who sign kite marks off, on the partnership's kite marks; everyone else
    (families, professionals) on their account."""
    partnership = user.partnership
    if partnership is not None and handles_feedback(user, partnership):
        return reverse("feedback:queue", args=[partnership.slug])
    if partnership is not None and signs_off_for(user, partnership):
        return reverse("reviews:dashboard", args=[partnership.slug])
    if partnership is not None and manages_partnership(user, partnership):
        return reverse("charters:partnership", args=[partnership.slug])
    return reverse("accounts:account")


class SignInView(auth_views.LoginView):
    """Django's sign-in, landing on the person's work; a safe `next` address still wins."""

    template_name = "accounts/login.html"
    authentication_form = forms.LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return landing_page(self.request.user)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        # Someone trying the portal on their own computer (`make run`) needs the demo's accounts;
        # a real installation never shows them.
        if settings.DEBUG:
            context["demo_accounts"] = demo.sign_in_accounts()
            context["demo_password"] = demo.DEMO_PASSWORD
        return context


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    messages.success(request, "You have signed out")
    return redirect("home")


def register(request: HttpRequest) -> HttpResponse:
    """A family member makes their own account, and confirms its address from the email we send.

    Whether or not the address already has an account, the answer is the same page: "check your
    email". The owner of an address already in use is emailed to say so, and nothing is made."""
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = forms.RegisterForm(posted(request))
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if form.email_taken:
            # Hash the password as a new account would, so the answer takes as long either way
            # and its timing does not tell whether the address has an account.
            make_password(form.cleaned_data["password1"])
            owner = User.objects.get(email__iexact=email)
            notify.send(
                "someone_registered",
                [notify.Recipient(email=owner.email, user=owner)],
                user=owner,
                link=notify.absolute(reverse("accounts:login")),
            )
        else:
            with transaction.atomic():
                user = form.save()
                send_confirmation(user)
        request.session["registered_email"] = email
        return redirect("accounts:register_sent")
    return render(request, "accounts/register.html", {"form": form}, status=400 if form.errors else 200)


def register_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_sent.html", {"email": request.session.get("registered_email", "")})


def confirm_account(request: HttpRequest, token: str) -> HttpResponse:
    user = account_for_link(token, User.objects.all())
    if user is None:
        context = {"title": "This link has expired", "registration": True}
        return render(request, "accounts/link_problem.html", context, status=400)
    if not user.email_confirmed:
        with transaction.atomic():
            user.email_confirmed = True
            user.save(update_fields=["email_confirmed"])
            user.record(user, "Confirmed their email address")
            email_confirmed.send(sender=User, user=user)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, "Your email address is confirmed and your account is ready")
    return redirect("accounts:account")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    events = request.user.events.select_related("actor")[:20]
    feedback = request.user.feedback_given.select_related("topic", "partnership").order_by("-received_at")
    projects = (
        request.user.memberships.filter(removed_at__isnull=True)
        .select_related("project__partnership")
        .annotate(answers=Count("review_answers"))
        .order_by("-project__created_at")
    )
    context = {
        "events": events,
        "feedback": feedback,
        "memberships": projects,
        "sends_feedback": is_family_account(request.user),
        "muted": [notify.OPTIONAL[k] for k in request.user.muted or [] if k in notify.OPTIONAL],
    }
    return render(request, "accounts/account.html", context)


@login_required
def change_account(request: HttpRequest) -> HttpResponse:
    stored_email = request.user.email
    form = forms.AccountForm(posted(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        # A new address is used only once its owner confirms it from that address: otherwise anyone
        # could take an address that is not theirs, and the invitations and messages sent to it.
        new_email = form.cleaned_data["email"]
        changed_data = [name for name in form.changed_data if name != "email"]
        with transaction.atomic():
            user = form.save()
            changed = ", ".join(field_names(changed_data))
            if changed:
                user.record(user, f"Changed their details: {changed}")
            if new_email != stored_email:
                user.record(user, "Asked to change their email address: waiting for it to be confirmed")
                owner = User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).first()
                if owner is not None:
                    notify.send(
                        "someone_registered",
                        [notify.Recipient(email=owner.email, user=owner)],
                        user=owner,
                        link=notify.absolute(reverse("accounts:login")),
                    )
                else:
                    link = notify.absolute(
                        reverse("accounts:confirm_email", args=[email_change_token(user, new_email)])
                    )
                    notify.send("confirm_email", [notify.Recipient(email=new_email, user=user)], user=user, link=link)
        if new_email != stored_email:
            messages.success(request, f"Check {new_email}: we have sent a link to confirm it is your new address")
        else:
            messages.success(request, "Your details have been saved")
        return redirect("accounts:account")
    context = {"form": form, "title": "Change your details", "back": reverse("accounts:account")}
    return render(request, "form_page.html", context, status=400 if form.errors else 200)


EMAIL_CHANGE = "accounts.email-change"
EMAIL_CHANGE_DAYS = 1


def email_change_token(user: User, email: str) -> str:
    return signing.dumps({"user": user.pk, "email": email, "was": user.email}, salt=EMAIL_CHANGE, compress=True)


@login_required
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """The link sent to a new address: following it, signed in as the account's owner, makes it the account's."""
    try:
        change = signing.loads(token, salt=EMAIL_CHANGE, max_age=EMAIL_CHANGE_DAYS * 24 * 3600)
    except signing.BadSignature:
        change = None
    user = request.user
    if not change or change.get("user") != user.pk or change.get("was") != user.email:
        context = {"title": "This link has expired or is not for this account"}
        return render(request, "accounts/link_problem.html", context, status=400)
    email = str(change["email"]).lower()
    if forms.email_is_taken(email, exclude=user):
        messages.error(request, "Another account now uses that email address, so yours has not changed")
        return redirect("accounts:account")
    with transaction.atomic():
        user.email = email
        user.save(update_fields=["email"])
        user.record(user, "Confirmed their new email address")
        email_confirmed.send(sender=User, user=user)
    messages.success(request, "Your email address has been changed")
    return redirect("accounts:account")


@login_required
def change_password(request: HttpRequest) -> HttpResponse:
    form = forms.PasswordChangeForm(request.user, posted(request))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            user.record(user, "Changed their password")
        update_session_auth_hash(request, user)
        messages.success(request, "Your password has been changed")
        return redirect("accounts:account")
    context = {"form": form, "title": "Change your password", "back": reverse("accounts:account")}
    return render(request, "form_page.html", context)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            form.user.record(form.user, "Set a new password from an emailed link")
        return response


# People: a partnership admin's page for the accounts of their partnership.


@people_page(lists_people)
def user_list(request: HttpRequest) -> HttpResponse:
    partnership = request.partnership
    role = request.GET.get("role", "")
    users = User.objects.in_partnership(partnership).select_related("organisation")
    if role in Role.values:
        users = users.filter(role=role)
    pages = paginate(request, users, USERS_PER_PAGE)
    context = {
        "partnership": partnership,
        **pages,
        "roles": Role.choices,
        "role": role,
    }
    return render(request, "accounts/user_list.html", context)


def send_welcome_email(request: HttpRequest, user: User) -> None:
    """Tell a new officer, forum lead or admin their account exists, with a
    link to choose their own password."""
    link = request.build_absolute_uri(
        reverse(
            "accounts:password_reset_confirm",
            args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)],
        )
    )
    notify.send(
        "account_made",
        [notify.Recipient(email=user.email, user=user)],
        about=f"user:{user.pk}",
        area=user.partnership.slug if user.partnership else "",
        user=user,
        link=link,
        by=request.user,
    )


@people_page(lists_people)
def add_user(request: HttpRequest) -> HttpResponse:
    partnership = request.partnership
    form = forms.StaffUserForm(posted(request), partnership=partnership)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            user.record(request.user, f"Account made as {user.get_role_display()}")
        send_welcome_email(request, user)
        messages.success(request, f"{user.name} has been added and sent an email to set a password")
        return redirect("accounts:user_detail", user.pk)
    context = {
        "form": form,
        "title": "Add a person",
        "caption": partnership.name,
        "intro": "They will get an email with a link to choose their own password.",
        "back": reverse("accounts:user_list"),
    }
    return render(request, "form_page.html", context)


@people_page()
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_admin(request, pk)
    record_access(request.user, AccessKind.ACCESS_NEEDS, f"user:{person.pk}", person.partnership, person)
    events = person.events.select_related("actor")[:50]
    # Families keep their own details; an admin can only close or reopen their account.
    waiting = person.data_requests.filter(kind=DataRequest.Kind.ERASURE, status=DataRequest.Status.WAITING).first()
    context = {
        "person": person,
        "events": events,
        "can_change": not is_family_account(person) and not person.erased_at,
        "erasure_waiting": waiting,
        "access_log_slug": person.partnership.slug if person.partnership_id else "",
    }
    return render(request, "accounts/user_detail.html", context)


@people_page()
def change_user(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_admin(request, pk, changing=True)
    if person.erased_at:
        raise PermissionDenied  # Nothing of an erased account is theirs to change any more.
    old_role = person.get_role_display()
    form = forms.StaffUserForm(posted(request), instance=person, partnership=person.partnership)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            person = form.save()
            if "role" in form.changed_data:
                person.record(request.user, f"Role changed from {old_role} to {person.get_role_display()}")
            others = field_names(n for n in form.changed_data if n != "role")
            if others:
                person.record(request.user, f"Details changed: {', '.join(others)}")
        messages.success(request, f"{person.name}'s account has been saved")
        return redirect("accounts:user_detail", person.pk)
    context = {
        "form": form,
        "title": f"Change {person.name}'s account",
        "back": reverse("accounts:user_detail", args=[person.pk]),
    }
    return render(request, "form_page.html", context)


@require_POST
@people_page()
def close_user(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_admin(request, pk)
    if person == request.user:
        messages.error(request, "You cannot close your own account")
    elif person.is_active:
        person.deactivate(request.user)
        messages.success(request, f"{person.name}'s account has been closed")
    return redirect("accounts:user_detail", person.pk)


@require_POST
@people_page()
def reopen_user(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_admin(request, pk)
    if person.erased_at:
        raise PermissionDenied  # An erased account cannot be opened again: it belongs to nobody now.
    if not person.is_active:
        person.reactivate(request.user)
        messages.success(request, f"{person.name}'s account has been reopened")
    return redirect("accounts:user_detail", person.pk)


# What a person is sent.

MESSAGES_PER_PAGE = 25


@login_required
def message_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = forms.MessageSettingsForm(
        posted(request), initial={"send": [k for k in notify.OPTIONAL if k not in (user.muted or [])]}
    )
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["send"])
        with transaction.atomic():
            before = set(user.muted or [])
            user.muted = sorted(k for k in notify.OPTIONAL if k not in chosen)
            user.save(update_fields=["muted"])
            _record_muting(user, before, set(user.muted))
        messages.success(request, "What we send you has been saved")
        return redirect("accounts:account")
    context = {
        "form": form,
        "title": "What we send you",
        "intro": f"We send messages the way your account says: by {user.get_preferred_contact_display().lower()}.",
        "back": reverse("accounts:account"),
    }
    return render(request, "form_page.html", context, status=400 if form.errors else 200)


def _record_muting(user, before: set, after: set) -> None:
    for key in sorted(after - before):
        user.record(user, f"Stopped: {notify.OPTIONAL[key].lower()}")
    for key in sorted(before - after):
        user.record(user, f"Started again: {notify.OPTIONAL[key].lower()}")


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every optional message: one click to this page, one button to stop. Works without
    signing in, as the signed link is the person's own."""
    found = notify.read_unsubscribe(token)
    user = User.objects.filter(pk=found["user"], is_active=True).first() if found else None
    if user is None:
        return render(request, "accounts/unsubscribe.html", {"bad_link": True}, status=404)
    what = notify.OPTIONAL[found["stop"]]
    done = found["stop"] in (user.muted or [])
    if request.method == "POST" and not done:
        with transaction.atomic():
            before = set(user.muted or [])
            user.muted = sorted(before | {found["stop"]})
            user.save(update_fields=["muted"])
            _record_muting(user, before, set(user.muted))
        done = True
    context = {"what": what, "done": done, "signed_in": request.user.is_authenticated}
    return render(request, "accounts/unsubscribe.html", context)


@people_page()
def user_messages(request: HttpRequest, pk: int) -> HttpResponse:
    """Every message sent to a person of the admin's partnership: when, what, how, and whether it went."""
    person = person_for_admin(request, pk)
    context = {"person": person, **paginate(request, person.messages.all(), MESSAGES_PER_PAGE)}
    return render(request, "accounts/user_messages.html", context)
