"""A local recruiter of the Lot (Figeac's hospital) with an open need for a nurse, for the proposals' tests."""

from django.utils import timezone

from crm.models import Network
from jobs.models import Employer, EmployerNeed


def lot_network(territory):
    network = Network.objects.order_by("pk").first()
    network.departements.add(territory["departement"])
    return network


def hospital_need(territory, *, network=None, rome_code="J1506", status=EmployerNeed.Status.OPEN):
    employer = Employer.objects.create(
        network=network or lot_network(territory), organisation="Centre hospitalier de Figeac", sector="health",
        commune=territory["commune"], contact_name="Nadia Fabre", contact_email="rh@ch-figeac.example.org",
        contact_phone="05 65 00 00 00", contact_consent_at=timezone.now(),
    )
    return EmployerNeed.objects.create(employer=employer, rome_code=rome_code, occupation="Soins infirmiers généraux",
                                       contract="CDI", commune=territory["commune"], status=status)
