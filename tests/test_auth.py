"""Staff log in at /connexion/, log out at /deconnexion/, work at /equipe/."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def dave(db):
    """An account with no role: neither coordinator nor referent."""
    return User.objects.create_user(username="dave", password="password")


def _label(html, field_id, text):
    return re.search(rf'<label\s+for="{field_id}"[^>]*>\s*{re.escape(text)}', html)


def test_the_login_page_is_in_french_with_labelled_fields(client):
    response = client.get("/connexion/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert "<h1 class=\"h2 mb-4\">Connexion à l'espace équipe</h1>" in html
    assert _label(html, "id_username", "Nom d’utilisateur")
    assert _label(html, "id_password", "Mot de passe")
    assert 'autocomplete="current-password"' in html
    assert "Se connecter" in html


def test_it_logs_a_referent_in_and_sends_them_to_the_staff_home(client, bob):
    response = client.post("/connexion/", {"username": "bob", "password": "password"})
    assert response.status_code == 302
    assert response["Location"] == "/equipe/"
    assert int(client.session["_auth_user_id"]) == bob.pk


def test_it_follows_a_safe_next_url(client, bob):
    response = client.post("/connexion/", {"username": "bob", "password": "password", "next": "/equipe/parcours/"})
    assert response["Location"] == "/equipe/parcours/"


def test_it_ignores_a_next_url_to_another_site(client, bob):
    response = client.post(
        "/connexion/", {"username": "bob", "password": "password", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/equipe/"


def test_it_refuses_a_wrong_password_in_french(client, bob):
    response = client.post("/connexion/", {"username": "bob", "password": "wrong"})
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_refuses_an_inactive_account(client, bob):
    bob.is_active = False
    bob.save()
    response = client.post("/connexion/", {"username": "bob", "password": "password"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_sends_a_logged_in_user_from_the_login_page_to_the_staff_home(client, bob):
    client.force_login(bob)
    response = client.get("/connexion/")
    assert response.status_code == 302
    assert response["Location"] == "/equipe/"


def test_it_logs_out_by_post(client, bob):
    client.force_login(bob)
    response = client.post("/deconnexion/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert client.get("/equipe/").status_code == 302


def test_it_does_not_log_out_by_get(client, bob):
    # A link or an <img> on another site must not end the session.
    client.force_login(bob)
    response = client.get("/deconnexion/")
    assert response.status_code == 405
    assert int(client.session["_auth_user_id"]) == bob.pk


def test_the_staff_home_sends_an_anonymous_visitor_to_the_login_page(client):
    response = client.get("/equipe/")
    assert response.status_code == 302
    assert response["Location"] == "/connexion/?next=/equipe/"


def test_the_staff_home_refuses_an_account_without_a_role(client, dave):
    client.force_login(dave)
    assert client.get("/equipe/").status_code == 403


@pytest.mark.parametrize("user", ["alice", "bob", "charlie"])
def test_the_staff_home_opens_to_coordinators_and_referents(client, request, user):
    client.force_login(request.getfixturevalue(user))
    response = client.get("/equipe/")
    assert response.status_code == 200
    assert "Espace équipe" in response.content.decode()


def test_the_admin_is_open_to_alice(client, alice):
    client.force_login(alice)
    assert client.get("/admin/").status_code == 200


def test_the_admin_is_closed_to_a_referent(client, bob):
    client.force_login(bob)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# --- the login throttle (django-axes): per account and per address ---------------------

WRONG = "not-the-password"


def _log_in(client, username, password, address="127.0.0.1", path="/connexion/", **headers):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def _fail(client, username, times, **kwargs):
    return [_log_in(client, username, WRONG, **kwargs).status_code for _ in range(times)]


def _locked_out(response):
    return response.status_code == 429 and "Connexion bloquée pour un moment" in response.content.decode()


def test_after_the_limit_even_the_right_password_is_refused(client, bob, settings):
    limit = settings.AXES_FAILURE_LIMIT
    assert _fail(client, "bob", limit - 1) == [200] * (limit - 1)
    assert _locked_out(_log_in(client, "bob", WRONG))
    response = _log_in(client, "bob", "password")
    assert _locked_out(response)
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_what_happened_and_when_to_retry_in_french(client, bob, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    _fail(client, "bob", 3)
    response = _log_in(client, "bob", "password")
    html = response.content.decode()
    assert response.status_code == 429
    assert '<html lang="fr">' in html
    assert "Après 3 essais de mot de passe incorrects" in html
    assert "Réessayez dans 15 minutes." in html


def test_an_account_is_locked_from_every_address(client, bob, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, "bob", WRONG, address=f"198.51.100.{number + 1}")
    assert _locked_out(_log_in(client, "bob", "password", address="203.0.113.9"))


def test_an_address_is_locked_for_every_account(client, alice, bob, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, f"guess{number}", WRONG, address="198.51.100.7")
    assert _locked_out(_log_in(client, "alice", "password", address="198.51.100.7"))


def test_another_account_from_another_address_is_unaffected(client, alice, bob, settings):
    _fail(client, "bob", settings.AXES_FAILURE_LIMIT, address="198.51.100.7")
    response = _log_in(client, "alice", "password", address="203.0.113.9")
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == alice.pk


def test_the_cool_off_ends_the_lockout(client, bob, settings):
    from axes.models import AccessAttempt

    _fail(client, "bob", settings.AXES_FAILURE_LIMIT)
    assert _locked_out(_log_in(client, "bob", "password"))
    # Time passes: the attempts are as old as the cool-off.
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME)
    response = _log_in(client, "bob", "password")
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == bob.pk


def test_the_admin_login_is_throttled_too(client, alice, settings):
    statuses = _fail(client, "alice", settings.AXES_FAILURE_LIMIT, path="/admin/login/?next=/admin/")
    assert statuses[-1] == 429
    response = _log_in(client, "alice", "password", path="/admin/login/?next=/admin/")
    assert _locked_out(response)
    assert "_auth_user_id" not in client.session


def test_the_proxy_header_is_ignored_unless_configured(client, alice, settings):
    settings.CLIENT_IP_META_KEY = None
    # Every try claims another address; the real one (the proxy's, here) is what counts.
    for number in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, f"guess{number}", WRONG, HTTP_X_REAL_IP=f"198.51.100.{number + 1}",
                HTTP_X_FORWARDED_FOR=f"198.51.100.{number + 1}")
    assert _locked_out(_log_in(client, "alice", "password", HTTP_X_REAL_IP="203.0.113.9"))


def test_behind_the_configured_proxy_each_client_is_counted_apart(client, alice, settings):
    settings.CLIENT_IP_META_KEY = "HTTP_X_REAL_IP"
    for number in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, f"guess{number}", WRONG, address="10.0.0.1", HTTP_X_REAL_IP="198.51.100.7")
    assert _locked_out(_log_in(client, "alice", "password", address="10.0.0.1", HTTP_X_REAL_IP="198.51.100.7"))
    # Another client through the same proxy logs in.
    response = _log_in(client, "alice", "password", address="10.0.0.1", HTTP_X_REAL_IP="203.0.113.9")
    assert response.status_code == 302


def test_behind_the_proxy_a_forwarded_list_counts_the_entry_the_proxy_added(client, alice, settings):
    settings.CLIENT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
    # The client writes its own first entries; only the last one is the proxy's.
    for number in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, f"guess{number}", WRONG, address="10.0.0.1",
                HTTP_X_FORWARDED_FOR=f"192.0.2.{number + 1}, 198.51.100.7")
    assert _locked_out(_log_in(client, "alice", "password", address="10.0.0.1",
                               HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.7"))


def test_the_login_throttle_writes_no_name_or_address_in_the_log(client, bob, settings, caplog):
    caplog.set_level("INFO")
    _fail(client, "bob", settings.AXES_FAILURE_LIMIT + 1, address="198.51.100.7")
    assert caplog.records
    assert "bob" not in caplog.text and "198.51.100.7" not in caplog.text
