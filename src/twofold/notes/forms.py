from django import forms

from twofold.privacy.models import Visibility


class NoteForm(forms.Form):
    title = forms.CharField(max_length=120, label="Title")
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), max_length=20_000, label="Note")
    visibility = forms.ChoiceField(
        choices=Visibility.choices,
        initial=Visibility.PRIVATE,
        widget=forms.RadioSelect,
        label="Who can read it",
    )

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("Give the note a short title.")
        return title

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError("The note is empty.")
        return body
