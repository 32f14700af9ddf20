from django import forms

from twofold.coach import MAX_CHARS

RECIPIENT_CHOICES = [
    ("", "My partner's shared result (or general warmth)"),
    ("anxious", "Closeness and reassurance (anxious)"),
    ("avoidant", "Low pressure, one small request (avoidant)"),
    ("disorganized", "Calm and predictable (disorganized)"),
    ("secure", "Plain warmth (secure)"),
]


class DraftForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_CHARS}),
        strip=False,
        max_length=MAX_CHARS,
        label="What you want to say",
        help_text="Nothing is sent: the coach only reads it here. Drafts stay private unless you keep them.",
    )
    to = forms.ChoiceField(choices=RECIPIENT_CHOICES, required=False, label="What brings your partner relief")

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError("Write something first: the draft is empty.")
        return text
