from django import forms


class CreateCoupleForm(forms.Form):
    name = forms.CharField(
        max_length=120, required=False, label="A name for your couple space (optional)", help_text="Only the two of you see it."
    )


class JoinCoupleForm(forms.Form):
    code = forms.CharField(max_length=20, label="Invitation code", help_text="The 8-character code your partner shared.")

    def clean_code(self) -> str:
        code = "".join(ch for ch in self.cleaned_data["code"].upper() if ch.isalnum())
        if len(code) != 8:
            raise forms.ValidationError("An invitation code has 8 letters and digits, like K7MP-2QXA.")
        return code


class InviteTherapistForm(forms.Form):
    email = forms.EmailField(
        required=False,
        label="Therapist's e-mail (optional)",
        help_text="If they already use Twofold with this address, the invitation appears for them. You also get a code to give them.",
    )


class ClaimInvitationForm(JoinCoupleForm):
    code = forms.CharField(max_length=20, label="Code from the couple", help_text="The 8-character code the couple gave you.")
