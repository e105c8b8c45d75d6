"""The person's copy of their data, from their own tracking link.

/<network>/suivi/<token>/mes-donnees/: POST asks for it (one at a time), GET
shows where it is (progress, then the two files); a script file polls the
state without reloading (static/js/data_export.js; without JavaScript, a
refresh link). A link that is not valid here (tampered, expired, another
network's, an erased person's) goes to the tracking page, which answers as
for any bad link.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from onboarding.public_site import network_reverse, private, public_network
from onboarding.services.retention import person_contact_record
from onboarding.tracking_links import LinkExpired, LinkInvalid, tracked_project
from privacy.models import DataExport
from privacy.services import data_export_current, data_export_request


def _project_or_none(network, token):
    try:
        return tracked_project(network, token)
    except (LinkExpired, LinkInvalid):
        return None


def _shown_export(contact):
    """The export to show: the current one, else the last that failed."""
    return data_export_current(contact=contact) or (
        DataExport.objects.filter(contact=contact, status=DataExport.Status.FAILED).order_by("-requested_at").first()
    )


def _state(export, network, token):
    if export is None:
        return {"status": "none", "progress": 0, "message": ""}
    messages_by_status = {
        DataExport.Status.PENDING: _("Votre demande est enregistrée ; la préparation va commencer."),
        DataExport.Status.RUNNING: _("Nous rassemblons vos données…"),
        DataExport.Status.DONE: _("Votre copie est prête."),
        DataExport.Status.FAILED: _("La préparation a échoué. Vous pouvez la demander à nouveau."),
    }
    state = {"status": export.status, "progress": export.progress, "message": messages_by_status[export.status]}
    if export.status == DataExport.Status.DONE:
        state["files"] = {
            fmt: network_reverse(network, "data_export_file", token, str(export.public_id), fmt)
            for fmt in ("pdf", "json")
        }
    return state


@never_cache
@public_network
@require_http_methods(["GET", "POST"])
def data_export(request, network, token):
    project = _project_or_none(network, token)
    if project is None:
        return redirect(network_reverse(network, "tracking", token))
    if request.method == "POST":
        person_contact_record(contact_id=project.contact_id)  # the person reached us: their retention clock
        data_export_request(project=project)
        messages.success(request, _("C'est demandé : la préparation prend en général moins d'une minute."))
        return private(redirect(request.path))
    export = _shown_export(project.contact)
    context = {
        "network": network, "project": project, "export": export, "state": _state(export, network, token),
        "tracking_path": network_reverse(network, "tracking", token),
        "status_path": network_reverse(network, "data_export_state", token),
    }
    return private(render(request, "privacy/data_export.html", context))


@never_cache
@public_network
@require_GET
def data_export_state(request, network, token):
    project = _project_or_none(network, token)
    if project is None:
        return private(JsonResponse({"status": "invalid"}, status=404))
    return private(JsonResponse(_state(_shown_export(project.contact), network, token)))


@never_cache
@public_network
@require_GET
def data_export_file(request, network, token, public_id, fmt):
    project = _project_or_none(network, token)
    export = None
    if project is not None:
        export = data_export_current(contact=project.contact)
    if (fmt not in ("pdf", "json") or export is None or export.public_id != public_id
            or export.status != DataExport.Status.DONE):
        raise Http404("no such export")
    field = export.pdf_file if fmt == "pdf" else export.json_file
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("export file missing") from None
    date = export.finished_at.strftime("%Y-%m-%d")
    response = FileResponse(
        handle, as_attachment=True, filename=f"mes-donnees-{network.slug}-{date}.{fmt}",
        content_type="application/pdf" if fmt == "pdf" else "application/json",
    )
    return private(response)
