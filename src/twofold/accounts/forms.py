from __future__ import annotations

from django import forms
from django.contrib.auth.forms import BaseUserCreationForm

from twofold.accounts.models import Role, User


class SignUpForm(BaseUserCreationForm):
    role = forms.ChoiceField(
        choices=Role.choices,
        widget=forms.RadioSelect,
        initial=Role.PARTNER,
        label="I am joining as",
        help_text="Partners share a couple space; therapists see a couple only after both partners agree.",
    )

    class Meta:
        model = User
        fields = ("email", "display_name", "role")
        labels = {"display_name": "Your first name or how you like to be called"}

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this e-mail address already exists. Try logging in.")
        return email

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError("Please tell us what to call you.")
        return name


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("display_name",)
        labels = {"display_name": "Name shown to your partner and therapist"}

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError("Your name cannot be empty.")
        return name


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=60, label="What is this token for?", help_text="For example: my laptop script.")
