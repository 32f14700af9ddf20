"""Optional two-factor log-in with time-based one-time codes (django-otp's TOTP devices)."""

from __future__ import annotations

import base64
import io

import qrcode
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofold.accounts.models import User

DEVICE_NAME = "Authenticator app"


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_two_factor(user: User) -> bool:
    return user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def start_setup(user: User) -> TOTPDevice:
    """A fresh unconfirmed device; any earlier unconfirmed one is discarded."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def pending_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def qr_code_data_uri(device: TOTPDevice) -> str:
    """A PNG: qrcode's SVG factory re-registers the global XML namespace prefix and would break our charts."""
    buffer = io.BytesIO()
    qrcode.make(device.config_url).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def secret_for_manual_entry(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


@transaction.atomic
def confirm_setup(request: HttpRequest, device: TOTPDevice, code: str) -> bool:
    if not device.verify_token(code.strip()):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    otp_login(request, device)
    return True


@transaction.atomic
def verify_login(request: HttpRequest, code: str) -> bool:
    device = confirmed_device(request.user)
    if device is None or not device.verify_token(code.strip()):
        return False
    otp_login(request, device)
    return True


@transaction.atomic
def turn_off(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
