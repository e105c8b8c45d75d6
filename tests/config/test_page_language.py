"""A page's language is the language of its text: French pages say
lang="fr" whatever the browser prefers (no other catalogue exists)."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("accept", ["en-GB,en;q=0.9", "de", "fr-FR", "es,en;q=0.5"])
def test_french_pages_are_labelled_french_whatever_the_browser_prefers(client, db, accept):
    home = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=accept, follow=True)
    login = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=accept)
    for response in (home, login):
        assert response.status_code == 200
        assert '<html lang="fr">' in response.content.decode()
