"""A page's language is the language of its text: the public pages follow
the browser among the languages the site speaks (French, English), the staff
side stays French whatever the browser prefers (crm.middleware)."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(("accept", "public"), [
    ("en-GB,en;q=0.9", "en"),
    ("de", "fr"),  # not spoken here: the site's language
    ("fr-FR", "fr"),
    ("es,en;q=0.5", "en"),
])
def test_public_pages_follow_the_browser_and_staff_pages_stay_french(client, db, accept, public):
    home = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=accept, follow=True)
    login = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=accept)
    assert home.status_code == login.status_code == 200
    assert f'<html lang="{public}">' in home.content.decode()
    assert '<html lang="fr">' in login.content.decode()
