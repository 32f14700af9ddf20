from django import forms


class ReadyForm(forms.Form):
    note = forms.CharField(
        max_length=300, required=False, label="A short note (optional)",
        widget=forms.TextInput(attrs={"placeholder": "I'm calmer now. Shall we try again at 8?"}),
    )
