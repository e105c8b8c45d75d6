"""The kit page of a project (staff) and the prospect's signed download,
under the prefix of the project's network."""

from django.contrib import messages
from django.core import signing
from django.core.files.storage import default_storage
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.access_log import Kind, access_record
from onboarding.access import may_act, project_for, staff_required
from onboarding.models import Project
from onboarding.public_site import network_reverse, only_active_network, public_network
from welcome_kits.links import kit_id_from_token
from welcome_kits.models import Kit
from welcome_kits.selectors import kit_progress, kits_of, latest_done_kit
from welcome_kits.services import kit_request, kit_retry


def _project_for(request, pk, *, write=False):
    return project_for(request.user, pk, write=write, queryset=Project.objects.select_related("contact"))


def _pdf_response(kit):
    handle = default_storage.open(kit.file.name, "rb")
    response = FileResponse(
        handle, as_attachment=True, content_type="application/pdf",
        filename=f"kit-de-bienvenue-v{kit.shown_version or 1}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@staff_required
def project_kits(request, pk):
    project = _project_for(request, pk)
    return render(request, "welcome_kits/project_kits.html", {
        "project": project,
        "kits": list(kits_of(project)),
        "can_act": may_act(project, request.user),
    })


@staff_required
def kit_status(request, pk):
    """Where the project's kit stands, as JSON, for the project page's script:
    a project the user may not see answers as a missing one (404)."""
    project = _project_for(request, pk)
    return JsonResponse(kit_progress(project) or {"status": "none"})


@staff_required
@require_POST
def kit_generate_view(request, pk):
    project = _project_for(request, pk, write=True)
    kit_request(project=project, user=request.user, notify_prospect=request.POST.get("notify") == "on")
    messages.success(request, _("La génération du kit est demandée : il sera prêt dans quelques instants."))
    return redirect("kit_project", pk=project.pk)


@staff_required
@require_POST
def kit_retry_view(request, pk, kit_pk):
    project = _project_for(request, pk, write=True)
    kit = get_object_or_404(Kit, pk=kit_pk, project=project)
    if kit_retry(kit=kit):
        messages.success(request, _("Le kit est relancé."))
    else:
        messages.info(request, _("Ce kit n'est pas en échec : rien à relancer."))
    return redirect("kit_project", pk=project.pk)


@staff_required
def kit_staff_download(request, pk, kit_pk):
    project = _project_for(request, pk)
    kit = get_object_or_404(Kit, pk=kit_pk, project=project, status=Kit.Status.DONE)
    access_record(request, Kind.KIT_DOWNLOAD, project=project, what={"kit": kit.pk, "version": kit.shown_version})
    return _pdf_response(kit)


def _link_problem(request, network, *, title, message, status):
    return render(request, "welcome_kits/link_problem.html",
                  {"title": title, "message": message, "network": network}, status=status)


def _invalid_link(request, network):
    return _link_problem(
        request, network, status=404, title=_("Lien invalide"),
        message=_("Ce lien de téléchargement n'est pas valide : il a peut-être été mal copié. "
                  "Utilisez le lien complet reçu par e-mail, ou demandez-en un nouveau à votre "
                  "référent·e accueil."),
    )


@public_network
def kit_download(request, network, token):
    """The prospect's link: a bad or expired link gets a page that says so,
    never an error; a good one serves the current version of the kit."""
    try:
        kit_id = kit_id_from_token(token)
    except signing.SignatureExpired:
        return _link_problem(
            request, network, status=410, title=_("Ce lien a expiré"),
            message=_("Pour des raisons de confidentialité, les liens vers votre kit de bienvenue ne "
                      "restent valables que quelques semaines. Demandez un nouveau lien à votre "
                      "référent·e accueil : il ou elle vous le renverra par e-mail."),
        )
    except signing.BadSignature:
        return _invalid_link(request, network)
    found = Kit.objects.select_related("same_as", "project").filter(pk=kit_id).first()
    if found is not None and found.project.network_id != network.pk:
        # Another network's kit: said exactly as a link that is not ours.
        return _invalid_link(request, network)
    # Any link the prospect was sent serves the project's current version:
    # older versions are for staff only (the project's kit page).
    kit = latest_done_kit(found.project) if found is not None else None
    if kit is None or not kit.file.name or not default_storage.exists(kit.file.name):
        return _link_problem(
            request, network, status=404, title=_("Kit indisponible"),
            message=_("Ce kit de bienvenue n'est plus disponible. Votre référent·e accueil peut vous "
                      "en envoyer une version à jour."),
        )
    # The person reading their own kit (no account) is not in the access log;
    # a signed-in account using the person's link is, as any staff read.
    access_record(request, Kind.KIT_DOWNLOAD, project=kit.project,
                  what={"kit": kit.pk, "version": kit.shown_version, "link": "prospect"})
    return _pdf_response(kit)


def legacy_kit_download(request, token):
    """A kit link sent before networks: on to the kit's network (a bad link
    gets its page there, or at the site root when several networks share it)."""
    try:
        kit = Kit.objects.select_related("project__network").filter(pk=kit_id_from_token(token)).first()
    except signing.BadSignature:  # SignatureExpired included
        kit = None
    network = kit.project.network if kit is not None else only_active_network()
    if network is None:
        return redirect("home")
    response = redirect(network_reverse(network, "kit_download", token))
    response["Cache-Control"] = "private, no-store"
    return response
