"""Signing in to /admin/: repeated wrong passwords lock the user name and address out
(django-axes), the lock ends by itself or when staff lift it, and weak passwords are refused."""

import datetime
import io

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-unusual-editor-passphrase-42"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


@pytest.fixture
def lockout(settings):
    """The production settings' lockout (test settings turn it off for every other test)."""
    settings.AXES_ENABLED = True


def sign_in(client, password, username="editor"):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def lock_out(client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong-password")


def test_the_lockout_is_configured_from_the_environment(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_wrong_passwords_lock_out_even_the_right_one(lockout, editor, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wrong-password").status_code == 200  # the form again
    lock_out(client, settings)
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()
    assert "After 5 wrong passwords" in response.content.decode()
    assert not signed_in(client)
    # The lock is the user name and address together: another address may still sign in.
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    assert sign_in(elsewhere, PASSWORD).status_code == 302 and signed_in(elsewhere)


def test_a_right_password_before_the_limit_clears_the_count(lockout, editor, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong-password")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    sign_in(client, "wrong-password")
    assert sign_in(client, PASSWORD).status_code == 302


def test_the_right_password_works_after_the_cool_off(lockout, editor, client, settings):
    lock_out(client, settings)
    assert sign_in(client, PASSWORD).status_code == 429
    later = settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - later)
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_staff_can_unlock_in_the_admin(editor, client, settings, django_user_model):
    staff = Client()
    staff.force_login(django_user_model.objects.create_superuser("chief", password=PASSWORD))
    settings.AXES_ENABLED = True
    lock_out(client, settings)
    assert sign_in(client, PASSWORD).status_code == 429
    attempts = reverse("admin:axes_accessattempt_changelist")
    assert "editor" in staff.get(attempts).content.decode()
    attempt = AccessAttempt.objects.get(username="editor")
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert staff.post(delete, {"post": "yes"}).status_code == 302
    assert sign_in(client, PASSWORD).status_code == 302 and signed_in(client)


@pytest.mark.parametrize("weak", ["password", "12345678", "short1", "editor-editor"])
def test_weak_passwords_are_refused(weak, django_user_model):
    user = django_user_model(username="editor-editor")
    with pytest.raises(ValidationError):
        validate_password(weak, user)
    validate_password(PASSWORD, user)


class TTY(io.StringIO):
    def isatty(self):
        return True


def test_createsuperuser_refuses_a_weak_password(monkeypatch, django_user_model):
    answers = iter(["chief", "chief@example.com", "n"])  # name, email, bypass? no
    passwords = iter(["password", "password", PASSWORD, PASSWORD])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(passwords))
    err = io.StringIO()
    call_command("createsuperuser", interactive=True, stdin=TTY(), stdout=io.StringIO(), stderr=err)
    assert "This password is too common" in err.getvalue()
    assert django_user_model.objects.get(username="chief").check_password(PASSWORD)
