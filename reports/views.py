"""The pipeline report: the page, its exports and its JSON.

Every view reads the same figures through `_report_for`: staff only, the
projects the user may see (`projects_visible_to`: coordinators everything,
referents their own and their teams'), narrowed by the filters, computed once
per filter set, scope and data version (`reports.cache.report_for`).

The committee PDF is the exception: too slow for a web request, it is asked
for here (POST, the page's filters), made by a worker that reads the same
figures (reports.committee_pdf), followed on its own page and downloaded by
its requester alone.
"""

import datetime
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm.access import is_regional
from crm.access_log import Kind, access_record
from crm.models import Network
from onboarding.access import coordinator_required, is_coordinator, staff_required

from .cache import report_for
from .charts import report_charts
from .committee_pdf import report_pdf_of, report_pdf_request
from .exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, table_csv, table_xlsx, workbook_xlsx
from .filters import RegionalFilterForm, ReportFilterForm, TargetForm
from .headline import report_headline, scope_label
from .models import ReportPdf
from .selectors import regional_counts
from .services import report_target_set
from .tables import TABLE_SLUGS, report_tables


class InvalidFilters(Exception):
    def __init__(self, form):
        super().__init__("invalid report filters")
        self.form = form


def _report_for(request):
    """(form, report, tables) for the request's filters; InvalidFilters if they are wrong."""
    form = ReportFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        raise InvalidFilters(form)
    report = report_for(request.user, form.filters())
    return form, report, report_tables(report)


def _context(request, form, report, tables):
    return {
        "form": form,
        "filters": report["filters"],
        "querystring": report["filters"].querystring(),
        "params": report["filters"].as_params(),
        # Hyphens are not allowed in template look-ups: tables.nouveaux_par_mois.
        "tables": {slug.replace("-", "_"): table for slug, table in tables.items()},
        "charts": report_charts(tables),
        "headline": report_headline(report, tables),
        "is_coordinator": is_coordinator(request.user),
        "scope_label": scope_label(request.user),
        "table_slugs": TABLE_SLUGS,
    }


def _record_export(request, params, fmt, table=None):
    """An export leaves the site: the access log keeps who took it and with
    which filter (`params`: ReportFilters.as_params())."""
    what = {"format": fmt, **({"table": table} if table else {}), **params}
    access_record(request, Kind.REPORT_EXPORT, what=what)


def _bad_filters(form):
    return HttpResponseBadRequest(
        "\n".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()),
        content_type="text/plain; charset=utf-8",
    )


@staff_required
def report_page(request):
    try:
        form, report, tables = _report_for(request)
    except InvalidFilters as invalid:
        return render(request, "reports/report.html", {"form": invalid.form, "invalid": True}, status=400)
    context = _context(request, form, report, tables)
    if context["is_coordinator"]:
        context["target_form"] = TargetForm(networks=report["networks"], initial={"year": report["filters"].end.year})
    return render(request, "reports/report.html", context)


@staff_required
def report_data(request):
    """The same figures as JSON, for partners' dashboards."""
    try:
        _form, report, tables = _report_for(request)
    except InvalidFilters as invalid:
        return JsonResponse({"errors": invalid.form.errors.get_json_data()}, status=400)
    _record_export(request, report["filters"].as_params(), "json")
    filters = report["filters"]
    return JsonResponse({
        "filters": filters.as_params(),
        "generated_at": timezone.localtime().isoformat(),
        "tables": {slug: table.as_json() for slug, table in tables.items()},
    }, json_dumps_params={"ensure_ascii": False})


def _attachment(body, content_type, filename):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required
def report_table_export(request, slug, fmt):
    if slug not in TABLE_SLUGS or fmt not in ("csv", "xlsx"):
        raise Http404
    try:
        _form, report, tables = _report_for(request)
    except InvalidFilters as invalid:
        return _bad_filters(invalid.form)
    table = tables[slug]
    _record_export(request, report["filters"].as_params(), fmt, slug)
    filename = f"rapport_{slug}_{report['filters'].slug()}.{fmt}"
    if fmt == "csv":
        return _attachment(table_csv(table), CSV_CONTENT_TYPE, filename)
    return _attachment(table_xlsx(table, report["filters"]), XLSX_CONTENT_TYPE, filename)


@staff_required
def report_workbook(request):
    try:
        _form, report, tables = _report_for(request)
    except InvalidFilters as invalid:
        return _bad_filters(invalid.form)
    _record_export(request, report["filters"].as_params(), "xlsx")
    body = workbook_xlsx(tables.values(), report["filters"], headline=report_headline(report, tables).values())
    return _attachment(body, XLSX_CONTENT_TYPE, f"rapport_{report['filters'].slug()}.xlsx")


@staff_required
def report_pdf_view(request):
    """The PDF's former address: the PDF is now asked for, then made by a
    worker. A bookmark lands on the page that asks for it, filters kept."""
    query = request.GET.urlencode()
    return redirect(reverse("report_pdf_request") + (f"?{query}" if query else ""))


@staff_required
@require_http_methods(["GET", "POST"])
def report_pdf_request_view(request):
    """GET: what will be in the PDF, and the button; POST: ask for it (or
    get back the same request made already), then follow it."""
    form = ReportFilterForm(request.POST if request.method == "POST" else request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "reports/pdf_request.html", {"form": form, "invalid": True}, status=400)
    filters = form.filters()
    if request.method == "POST":
        row, created = report_pdf_request(user=request.user, filters=filters)
        if not created:
            messages.info(request, _("Ce PDF a déjà été demandé avec les mêmes filtres, sur les mêmes données : "
                                     "le voici, sans le refaire."))
        return redirect("report_pdf_status", public_id=row.public_id)
    return render(request, "reports/pdf_request.html", {
        "filter_rows": filters.describe(), "params": filters.as_params(),
        "report_url": reverse("report") + "?" + filters.querystring(),
    })


def _pdf_or_404(request, public_id):
    row = report_pdf_of(request.user, public_id)
    if row is None:
        raise Http404("no such report PDF")
    return row


def _pdf_state(row):
    """The request's state, as the page shows it and its script reads it."""
    messages_by_status = {
        ReportPdf.Status.PENDING: _("Votre demande est enregistrée ; la préparation va commencer."),
        ReportPdf.Status.RUNNING: _("En préparation : %(step)s…") % {"step": row.get_step_display().lower()},
        ReportPdf.Status.READY: _("Votre PDF est prêt."),
        ReportPdf.Status.FAILED: row.error or _("La préparation du PDF a échoué. Vous pouvez le demander à nouveau."),
    }
    state = {"status": row.status, "step": row.get_step_display(), "progress": row.progress,
             "message": messages_by_status[row.status]}
    if row.status == ReportPdf.Status.READY and row.expires_at <= timezone.now():
        # Its file goes with the next sweep: offer to ask again.
        state.update(status="expired", message=_("Ce PDF a expiré. Vous pouvez le demander à nouveau."))
    elif row.status == ReportPdf.Status.READY:
        state["download_url"] = reverse("report_pdf_file", args=[row.public_id])
    return state


@never_cache
@staff_required
@require_GET
def report_pdf_status(request, public_id):
    """Where the requester's PDF is: its steps, then its link. Nobody else's."""
    row = _pdf_or_404(request, public_id)
    params = row.params
    return render(request, "reports/pdf_status.html", {
        "pdf": row, "state": _pdf_state(row), "params": params,
        "start": _date_or_none(params.get("start")), "end": _date_or_none(params.get("end")),
        "report_url": reverse("report") + "?" + urlencode(params),
        "state_url": reverse("report_pdf_state", args=[row.public_id]),
    })


@never_cache
@staff_required
@require_GET
def report_pdf_state(request, public_id):
    """The same state as JSON, for static/js/report_pdf.js."""
    return JsonResponse(_pdf_state(_pdf_or_404(request, public_id)))


@never_cache
@staff_required
@require_GET
def report_pdf_file(request, public_id):
    """The requester's PDF, once ready: an export, logged like the others."""
    row = _pdf_or_404(request, public_id)
    if row.status != ReportPdf.Status.READY or not row.file or row.expires_at <= timezone.now():
        raise Http404("report PDF not ready")
    try:
        handle = row.file.open("rb")
    except OSError:
        raise Http404("report PDF file missing") from None
    _record_export(request, row.params, "pdf")
    filename = f"rapport_comite_{row.params.get('start', '')}_{row.params.get('end', '')}.pdf"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")


def _date_or_none(value):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@coordinator_required
@require_POST
def report_target_edit(request):
    """Coordinators set the yearly installation target of one of their networks."""
    user = request.user
    networks = list((Network.objects.all() if user.is_superuser else Network.objects.filter(members=user))
                    .values_list("pk", "name"))
    data = request.POST.copy()
    if not data.get("network") and len(networks) == 1:
        data["network"] = str(networks[0][0])
    form = TargetForm(data, networks=networks)
    if form.is_valid():
        report_target_set(network=Network.objects.get(pk=form.cleaned_data["network"]),
                          year=form.cleaned_data["year"], installations=form.cleaned_data["installations"])
        messages.success(
            request, _("Objectif %(year)s enregistré : %(n)s installations.")
            % {"year": form.cleaned_data["year"], "n": form.cleaned_data["installations"]},
        )
    else:
        messages.error(request, _("Objectif non enregistré : choisissez un de vos réseaux, une année (2000 à 2100) "
                                  "et un nombre positif."))
    back = request.POST.get("next", "")
    query = back if back.startswith("?") or not back else ""
    return redirect(reverse("report") + query)


def regional_required(view):
    """The regional page: the regional role (and superusers) only. Anybody
    else is told no, in the same words whatever they are."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_regional(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)
    return wrapper


@regional_required
def regional_page(request):
    """Counts per network and month, across every network: new projects,
    first contacts, installations. Nothing about a person or a project."""
    form = RegionalFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "reports/regional.html", {"form": form, "invalid": True}, status=400)
    filters = form.filters()
    return render(request, "reports/regional.html", {
        "form": form, "filters": filters, "networks": regional_counts(filters),
    })
