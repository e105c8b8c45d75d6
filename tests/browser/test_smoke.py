"""A referent's first minute, in a real browser: home, log in, staff home, log out."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_referent_logs_in_and_out(page, screenshot, bob):
    # The only network's home, under its prefix, in its programme's name.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/programme/$"))
    expect(page).to_have_title(re.compile(r"^Accueil – Mon programme$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Vous pensez venir vivre .+ \?$"))
    screenshot("smoke-1-home")

    page.get_by_role("link", name="Connexion équipe").click()
    expect(page).to_have_url(re.compile(r"/connexion/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion à l'espace équipe")

    page.get_by_label("Nom d’utilisateur").fill("bob")
    page.get_by_label("Mot de passe").fill("password")
    page.get_by_role("button", name="Se connecter").click()

    expect(page).to_have_url(re.compile(r"/equipe/$"))
    expect(page.get_by_role("link", name="Espace équipe")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    logout = page.get_by_role("button", name="Se déconnecter (Bob Durand)")
    expect(logout).to_be_visible()
    screenshot("smoke-2-staff-home")

    logout.click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("link", name="Connexion équipe")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Se déconnecter"))).to_have_count(0)


def test_a_wrong_password_shows_the_french_error(page, bob):
    page.goto("/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("bob")
    page.get_by_label("Mot de passe").fill("not-the-password")
    page.get_by_role("button", name="Se connecter").click()

    expect(page.locator("#login-errors")).to_have_text(re.compile("Identifiant ou mot de passe incorrect"))
    expect(page).to_have_url(re.compile(r"/connexion/$"))
