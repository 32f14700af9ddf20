from django import forms

from twofold.practice.reflections import MAX_FIELD_CHARS
from twofold.privacy.models import Visibility


def _text(label: str, required: bool) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=MAX_FIELD_CHARS,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ReflectionForm(forms.Form):
    what_i_tried = _text("What I tried", True)
    how_partner_responded = _text("How my partner responded", False)
    how_it_felt = _text("How it felt", True)
    what_id_do_again = _text("What I'd do again", False)
    visibility = forms.ChoiceField(choices=Visibility.choices, initial=Visibility.PRIVATE,
                                   widget=forms.RadioSelect, label="Who can read it")


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(choices=Visibility.choices, label="Who can read it")
