"""Coordinators import service points from a CSV: the valid rows are written
together, each rejected row comes back with its line and its reasons in French."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from welcome_kits.models import ServicePoint
from welcome_kits.service_points_import import service_points_import

pytestmark = pytest.mark.django_db

HEADER = "nom;categorie;adresse;code_insee;latitude;longitude;telephone;horaires;site_web\n"


def _csv(*rows):
    return (HEADER + "".join(row + "\n" for row in rows)).encode("utf-8")


def test_valid_rows_are_imported_and_each_rejected_row_says_why(places):
    data = _csv(
        "Pharmacie de la Halle;pharmacy;Place Carnot;46102;44,6090;2,0320;05.65.34.10.87;9 h – 19 h;",
        "Gare de Figeac;Gare;Avenue Georges-Pompidou;46102;44.6036;2.0277;3635;;https://www.sncf.fr",
        ";health;;46102;44.6;2.03;;;",
        "Maison de santé;dentiste;;46102;44.6;2.03;;;",
        "École inconnue;school;;99999;44.6;2.03;;;",
        "Coworking inversé;coworking;;46102;2.0317;44.6086;;;",
        "France Services;france_services;;46102;44.6;2.03;12;;pas-un-site",
        "Pharmacie de la Halle;pharmacy;;46102;44.6;2.03;;;",
    )

    report = service_points_import(data=data)

    assert (report.created, report.updated, report.error) == (2, 0, "")
    reasons = {row.line: " ; ".join(row.reasons) for row in report.rejected}
    assert sorted(reasons) == [4, 5, 6, 7, 8, 9]
    assert "la colonne « nom » est vide" in reasons[4]
    assert "catégorie « dentiste » inconnue" in reasons[5]
    assert "aucune commune du territoire n'a le code INSEE « 99999 »" in reasons[6]
    assert "latitude et longitude inversées ?" in reasons[7]
    assert "le téléphone « 12 » n'est pas un numéro valide" in reasons[8]
    assert "le site web « pas-un-site » n'est pas une adresse http(s) valide" in reasons[8]
    assert "le même lieu est déjà à la ligne 2" in reasons[9]
    pharmacy = ServicePoint.objects.get(name="Pharmacie de la Halle")
    assert (pharmacy.category, pharmacy.latitude, pharmacy.phone, pharmacy.hours) == (
        "pharmacy", 44.609, "05 65 34 10 87", "9 h – 19 h")
    assert ServicePoint.objects.get(name="Gare de Figeac").category == "station"  # its French label works too


def test_importing_again_updates_the_same_points(places):
    service_points_import(data=_csv("Gare de Figeac;station;;46102;44.6036;2.0277;;;"))

    report = service_points_import(data=_csv("Gare de Figeac;station;Avenue Georges-Pompidou;46102;44.6036;2.0277;;;"))

    assert (report.created, report.updated) == (0, 1)
    assert ServicePoint.objects.get().address == "Avenue Georges-Pompidou"


@pytest.mark.parametrize("data, message", [
    (b"nom,categorie\nGare,station\n", "Colonnes manquantes : code_insee, latitude, longitude."),
    ("nom;categorie\n".encode("utf-16"), "Le fichier n'est pas en UTF-8"),
])
def test_a_file_that_is_not_the_format_imports_nothing(places, data, message):
    report = service_points_import(data=data)

    assert message in report.error
    assert ServicePoint.objects.count() == 0


def test_a_coordinator_imports_from_the_admin_and_reads_the_report(client, alice, places):
    client.force_login(alice)
    upload = SimpleUploadedFile("lieux.csv", _csv("Gare de Figeac;station;;46102;44.6036;2.0277;;;",
                                                  "Nulle part;station;;46102;;;;;"), content_type="text/csv")

    response = client.post(reverse("admin:welcome_kits_servicepoint_import"), {"fichier": upload})

    html = response.content.decode()
    assert response.status_code == 200
    assert "1 lieux créés, 0 mis à jour, 1 ligne refusée." in html
    assert "<td>3</td><td>Nulle part</td><td>la colonne « latitude » est vide ; la colonne « longitude » est vide</td>" in html
    assert ServicePoint.objects.filter(name="Gare de Figeac").exists()


def test_a_referent_cannot_import(client, bob, places):
    client.force_login(bob)
    upload = SimpleUploadedFile("lieux.csv", _csv("Gare de Figeac;station;;46102;44.6036;2.0277;;;"))

    response = client.post(reverse("admin:welcome_kits_servicepoint_import"), {"fichier": upload})

    assert response.status_code in (302, 403)
    assert ServicePoint.objects.count() == 0
