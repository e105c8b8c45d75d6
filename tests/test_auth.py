"""Staff log in at /connexion/, log out at /deconnexion/, work at /equipe/."""

import re

import pytest
from django.contrib.auth.models import User

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
