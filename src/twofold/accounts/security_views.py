"""Pages for a person's security and data: two-factor log-in, sessions, access log, export, deletion."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from twofold.accounts import services, two_factor
from twofold.privacy.audit import access_to_my_data
from twofold.privacy.portability import delete_person, export_person

DELETE_PHRASE = "delete my account"
DELETE_SESSION_FLAG = "twofold-delete-confirmed-once"

class CodeForm(forms.Form):
    code = forms.RegexField(
        regex=r"^\s*\d{6}\s*$",
        label="6-digit code from your authenticator app",
        error_messages={"invalid": "Enter the 6 digits your app shows now."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

class DeleteStepOneForm(forms.Form):
    phrase = forms.CharField(label=f'Type "{DELETE_PHRASE}" to continue')

    def clean_phrase(self) -> str:
        phrase = self.cleaned_data["phrase"].strip().lower()
        if phrase != DELETE_PHRASE:
            raise forms.ValidationError(f'Type exactly "{DELETE_PHRASE}".')
        return phrase

class DeleteStepTwoForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput, label="Your password, to confirm it is you")

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That password is not right.")
        return password

@login_required
def security(request: HttpRequest) -> HttpResponse:
    context = {
        "has_two_factor": two_factor.has_two_factor(request.user),
        "access_log": access_to_my_data(request.user)[:50],
    }
    return render(request, "accounts/security.html", context)

@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    device = two_factor.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "start":
        device = two_factor.start_setup(request.user)
        form = CodeForm()
    elif request.method == "POST" and device is not None and form.is_valid():
        if two_factor.confirm_setup(request, device, form.cleaned_data["code"]):
            messages.success(request, "Two-factor log-in is on. You will be asked for a code when you log in.")
            return redirect("accounts:security")
        form.add_error("code", "That code did not match. Check the time on your phone and try the newest code.")
    context = {"form": form, "device": device}
    if device is not None:
        context["qr_code"] = two_factor.qr_code_data_uri(device)
        context["secret"] = two_factor.secret_for_manual_entry(device)
    return render(request, "accounts/two_factor_setup.html", context, status=400 if form.errors else 200)

@require_POST
@login_required
def two_factor_off(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    device = two_factor.confirmed_device(request.user)
    if device is None or not form.is_valid() or not device.verify_token(form.cleaned_data["code"].strip()):
        messages.error(request, "Two-factor log-in stays on: enter a current code to turn it off.")
        return redirect("accounts:security")
    two_factor.turn_off(request.user)
    messages.success(request, "Two-factor log-in is off.")
    return redirect("accounts:security")

@login_required
def verify(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        if two_factor.verify_login(request, form.cleaned_data["code"]):
            return redirect(next_url or "web:home")
        form.add_error("code", "That code did not match. Try the newest one.")
    return render(request, "accounts/verify.html", {"form": form, "next": next_url}, status=400 if form.errors else 200)

@require_POST
@login_required
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    services.log_out_everywhere(request.user)
    logout(request)
    messages.success(request, "You are logged out on every device.")
    return redirect("accounts:login")

@login_required
def export_json(request: HttpRequest) -> HttpResponse:
    data = export_person(request.user)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="twofold-export.json"'
    return response

@login_required
def export_html(request: HttpRequest) -> HttpResponse:
    data = export_person(request.user)
    sections = [(label, rows, list(rows[0].keys())) for label, rows in data["items"].items()]
    html = render_to_string("accounts/export.html", {"data": data, "sections": sections})
    response = HttpResponse(html)
    response["Content-Disposition"] = 'attachment; filename="twofold-export.html"'
    return response

@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """Two confirmations: a typed phrase, then the password."""
    confirmed_once = request.session.get(DELETE_SESSION_FLAG) is True
    if not confirmed_once:
        form = DeleteStepOneForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            request.session[DELETE_SESSION_FLAG] = True
            return redirect("accounts:delete")
        return render(request, "accounts/delete.html", {"form": form, "step": 1}, status=400 if form.errors else 200)
    form = DeleteStepTwoForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        counts = delete_person(request.user)
        logout(request)
        return render(request, "accounts/deleted.html", {"counts": counts})
    return render(request, "accounts/delete.html", {"form": form, "step": 2}, status=400 if form.errors else 200)
