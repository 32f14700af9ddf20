"""Forms: one page of answers, and who can see a result.

Answers are checked once, by the engine's rules (`services.check_page`); the form
only turns its messages into per-item errors and keeps what was typed.
"""

from __future__ import annotations

from typing import Any

from django import forms

from twofold.assessments import services
from twofold.assessments.catalogue import Page
from twofold.instruments import AnswerError, Instrument
from twofold.instruments.answers import MAX_TEXT_LENGTH
from twofold.instruments.schema import Item
from twofold.privacy.models import Visibility

YES_NO = (("yes", "Yes"), ("no", "No"))


def field_name(number: int) -> str:
    return f"item_{number}"


def _field(instrument: Instrument, item: Item) -> forms.Field:
    label = f"{item.number}. {item.text}"
    if item.type == "text":
        return forms.CharField(
            label=label, required=False, strip=False, widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_TEXT_LENGTH})
        )
    if item.type == "yes_no":
        choices = YES_NO
    else:
        scale = instrument.scale_for(item)
        choices = tuple((str(scale.min + i), f"{scale.min + i} · {text}") for i, text in enumerate(scale.labels))
    # A CharField with radio buttons: any value reaches the engine, which says what is wrong with it.
    return forms.CharField(label=label, required=False, widget=forms.RadioSelect(choices=choices))


class PageForm(forms.Form):
    def __init__(self, instrument: Instrument, page: Page, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument, self.page = instrument, page
        for item in page.items:
            self.fields[field_name(item.number)] = _field(instrument, item)

    @classmethod
    def initial_from(cls, answers: dict[str, object]) -> dict[str, object]:
        """Saved answers as initial form values (yes/no as the radio values)."""
        initial: dict[str, object] = {}
        for key, value in answers.items():
            initial[field_name(int(key))] = ("yes" if value else "no") if isinstance(value, bool) else value
        return initial

    def answers(self) -> dict[str, object]:
        return {str(item.number): self.cleaned_data.get(field_name(item.number)) for item in self.page.items}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        try:
            services.check_page(self.instrument, self.page, self.answers())
        except AnswerError as error:
            for item, message in error.problems.items():
                name = field_name(int(item))
                self.add_error(name if name in self.fields else None, message)
        return cleaned


class SharingForm(forms.Form):
    visibility = forms.ChoiceField(choices=Visibility.choices, widget=forms.RadioSelect, label="Who can see this result")
