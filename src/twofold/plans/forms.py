"""Forms check shape (types, lengths, required); the rules live in the services and the pure plan."""

from __future__ import annotations

from django import forms

from twofold.accounts.models import User
from twofold.plan import Attendance, DecisionPath, HomeworkKind, ItemStatus, default_checklist
from twofold.plans.services import DEFAULT_WEEKS, MAX_NOTE, MAX_TEXT, MAX_TITLE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProposePlanForm(forms.Form):
    start = forms.DateField(label="Start date", widget=DATE)
    weeks = forms.IntegerField(label="Length in weeks", min_value=1, max_value=104, initial=DEFAULT_WEEKS,
                               help_text="Twelve weeks is a common commitment; the review date can move later.")
    goals = forms.CharField(label="Goals, one per line", widget=forms.Textarea(attrs={"rows": 4}), max_length=6_000)

    def clean_goals(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["goals"].splitlines() if line.strip()]


class AdjustReviewForm(forms.Form):
    new_review = forms.DateField(label="New review date", widget=DATE)
    reason = forms.CharField(label="Why it moves", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class SessionForm(forms.Form):
    scheduled = forms.DateField(label="Session date", widget=DATE)


class AttendanceForm(forms.Form):
    """One choice per partner, named ``partner_<id>``; leave blank to record later."""

    def __init__(self, *args, partners: tuple[User, User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "not recorded"), *[(a.value, a.value.replace("_", "-")) for a in Attendance]]
        for partner in partners:
            self.fields[f"partner_{partner.pk}"] = forms.ChoiceField(label=partner.display_name, choices=choices,
                                                                     required=False)

    def marks(self) -> dict[int, str]:
        return {int(name.removeprefix("partner_")): value for name, value in self.cleaned_data.items() if value}


class SessionNoteForm(forms.Form):
    text = forms.CharField(label="Private note (only you will ever see it)", max_length=MAX_NOTE,
                           widget=forms.Textarea(attrs={"rows": 4}))


class HomeworkForm(forms.Form):
    title = forms.CharField(label="Title", max_length=MAX_TITLE)
    kind = forms.ChoiceField(label="Kind", choices=[(k.value, k.value) for k in HomeworkKind],
                             initial=HomeworkKind.HOMEWORK, widget=forms.RadioSelect)
    details = forms.CharField(label="Details", required=False, max_length=MAX_TEXT,
                              widget=forms.Textarea(attrs={"rows": 3}))
    due = forms.DateField(label="Due date", widget=DATE)
    assigned_to = forms.ChoiceField(label="For", widget=forms.RadioSelect)

    def __init__(self, *args, partners: tuple[User, User], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.partners = {str(p.pk): p for p in partners}
        self.fields["assigned_to"].choices = [("both", "Both partners"),
                                              *[(pk, p.display_name) for pk, p in self.partners.items()]]
        self.fields["assigned_to"].initial = "both"

    def chosen_partners(self) -> list[User]:
        chosen = self.cleaned_data["assigned_to"]
        return list(self.partners.values()) if chosen == "both" else [self.partners[chosen]]


class CompleteHomeworkForm(forms.Form):
    reflection = forms.CharField(label="Your reflection (optional)", required=False, max_length=MAX_TEXT,
                                 widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text="Your therapist reads it; your partner only if you tick the box.")
    share = forms.BooleanField(label="Let my partner read my reflection", required=False)


class ChoosePathForm(forms.Form):
    path = forms.ChoiceField(label="The path you choose", widget=forms.RadioSelect,
                             choices=[(p.value, p.description) for p in DecisionPath])
    effort_weeks = forms.IntegerField(label="Weeks of all-out effort (only for that path)", required=False,
                                      min_value=1, max_value=104)
    note = forms.CharField(label="Anything you want to say with it", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ChecklistForm(forms.Form):
    item_id = forms.ChoiceField(label="Item", choices=[(i.id, i.text) for s in default_checklist() for i in s.items])
    status = forms.ChoiceField(label="Status", choices=[(s.value, s.value.replace("_", " ")) for s in ItemStatus])
    note = forms.CharField(label="Note", required=False, max_length=2000)


class PartingDraftForm(forms.Form):
    section = forms.ChoiceField(label="Section", choices=[(s.key, s.title) for s in default_checklist()],
                                widget=forms.HiddenInput)
    text = forms.CharField(label="Your draft", max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}))


class PartingConfirmForm(forms.Form):
    section = forms.ChoiceField(choices=[(s.key, s.title) for s in default_checklist()], widget=forms.HiddenInput)
