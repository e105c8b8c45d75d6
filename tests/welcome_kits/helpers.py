"""Helpers shared by the kit tests (the fixtures in conftest use them too)."""

import datetime
import io

from pypdf import PdfReader

from crm.models import Commune, Contact, Departement, Epci, Need, Network, Segment
from onboarding.services.projects import project_create
from onboarding.states import Source


def create_places():
    """Figeac (as the root `territory` fixture has it), Cahors and Agen; the
    Lot is the territory of the instance's network (the demo content gives
    that network the Lot's brand)."""
    lot = Departement.objects.create(code="46", name="Lot")
    Network.objects.order_by("pk").first().departements.add(lot)
    grand_figeac = Epci.objects.create(siren="200067361", name="CC Grand-Figeac", nature="CC", departement=lot)
    figeac = Commune.objects.create(
        insee="46102", name="Figeac", departement=lot, epci=grand_figeac, population=9800,
        latitude="44.6086", longitude="2.0317",
    )
    grand_cahors = Epci.objects.create(siren="200023737", name="CA du Grand Cahors", nature="CA", departement=lot)
    cahors = Commune.objects.create(
        insee="46042", name="Cahors", departement=lot, epci=grand_cahors, population=20782,
        latitude="44.45072", longitude="1.44062",
    )
    lg = Departement.objects.create(code="47", name="Lot-et-Garonne")
    agglo_agen = Epci.objects.create(siren="200096956", name="CA Agglomération d'Agen", nature="CA", departement=lg)
    agen = Commune.objects.create(
        insee="47001", name="Agen", departement=lg, epci=agglo_agen, population=32988,
        latitude="44.20284", longitude="0.62575",
    )
    return {
        "departement": lot, "epci": grand_figeac, "commune": figeac, "cahors": cahors, "grand_cahors": grand_cahors,
        "agen": agen, "lot_et_garonne": lg,
    }


def new_project(referent, commune, segment, needs, *, first_name="Camille", last_name="Roux", email=None,
                **household):
    contact = Contact.objects.create(
        first_name=first_name, last_name=last_name,
        email=email if email is not None else f"{first_name}.{last_name}@example.org".lower(), **household,
    )
    return project_create(
        contact=contact, source=Source.WEBSITE, referent=referent,
        segment=Segment.objects.get(code=segment), target_commune=commune, target_epci=commune.epci,
        move_date=datetime.date(2026, 9, 1), needs=list(Need.objects.filter(code__in=needs)),
    )


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    # pypdf may cut a line where WeasyPrint did: compare on single spaces.
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def pdf_pages(data):
    return len(PdfReader(io.BytesIO(data)).pages)
