"""The coordinators' requests queue, under /equipe/demandes-rgpd/: every
kind of request of their networks in one list by due date, a request's page
with its answer and extension forms, and the form to record a request
received by e-mail or post. Every write is a service of
onboarding.services.privacy_requests; who may see what, its selectors.
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L_
from django.views.decorators.http import require_POST

from crm.models import Contact, PrivacyRequest
from crm.scope import scoped
from crm.widgets import EmailTextInput
from onboarding.access import coordinator_required
from onboarding.services.privacy_requests import (
    PrivacyRequestError,
    answer_statuses,
    contact_projects_visible_to,
    privacy_request_answer,
    privacy_request_extend,
    privacy_request_for,
    privacy_request_receive,
    privacy_requests_visible_to,
)

PAGE_SIZE = 50
Kind, Status, Channel = PrivacyRequest.Kind, PrivacyRequest.Status, PrivacyRequest.Channel


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=L_("Statut"), required=False,
        choices=[("", L_("À traiter (reçues et en cours)")), ("all", L_("Toutes")), *Status.choices],
    )
    kind = forms.ChoiceField(label=L_("Type"), required=False, choices=[("", L_("Tous")), *Kind.choices])


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=L_("Nouveau statut"), widget=forms.RadioSelect)
    answer = forms.CharField(
        label=L_("Réponse envoyée à la personne"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=L_("Envoyée par e-mail dès l'enregistrement (sauf « En cours »). Un refus dit pourquoi."),
    )
    confirm_erasure = forms.BooleanField(
        label=L_("Je confirme l'effacement des données de cette personne : il est définitif et clôt ses projets."),
        required=False,
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_row = request
        self.fields["status"].choices = [(status, Status(status).label) for status in answer_statuses(request)]
        if request.kind != Kind.ERASURE:
            del self.fields["confirm_erasure"]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status in PrivacyRequest.CLOSED_STATUSES and not cleaned.get("answer", "").strip():
            self.add_error("answer", _("Écrivez la réponse envoyée à la personne."))
        if (self.request_row.kind == Kind.ERASURE and status == Status.ANSWERED
                and not cleaned.get("confirm_erasure")):
            self.add_error("confirm_erasure", _("Cochez la case pour confirmer l'effacement."))
        return cleaned


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label=L_("Motif de la prolongation"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=L_("Envoyé à la personne : la complexité ou le nombre des demandes (RGPD art. 12.3)."),
        error_messages={"required": L_("Indiquez le motif de la prolongation : il est envoyé à la personne.")},
    )


class NewRequestForm(forms.Form):
    email = forms.EmailField(label=L_("Adresse e-mail de la personne"), max_length=254, widget=EmailTextInput,
                             help_text=L_("Celle de son projet : la demande est rattachée à ce contact."))
    kind = forms.ChoiceField(label=L_("Type de demande"), choices=Kind.choices)
    channel = forms.ChoiceField(label=L_("Reçue par"),
                                choices=[(c, label) for c, label in Channel.choices if c != Channel.TRACKING_PAGE])
    received_on = forms.DateField(label=L_("Reçue le"), widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text=L_("Le délai d'un mois court à partir de cette date."))
    message = forms.CharField(label=L_("Ce que la personne demande"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self):
        email = self.cleaned_data["email"]
        contact = (scoped(Contact.objects.filter(email__iexact=email, erased_at__isnull=True), self.user)
                   .order_by("pk").first())
        if contact is None:
            raise forms.ValidationError(_("Aucune personne de vos réseaux n'a cette adresse."))
        self.contact = contact
        return email

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("La date de réception ne peut pas être dans le futur."))
        return day


def _queue(user, form):
    rows = privacy_requests_visible_to(user).select_related("contact")
    status = form.cleaned_data.get("status") if form.is_valid() else ""
    kind = form.cleaned_data.get("kind") if form.is_valid() else ""
    if not status:
        rows = rows.filter(status__in=PrivacyRequest.OPEN_STATUSES)
    elif status != "all":
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    # Open ones first, by deadline (the most urgent at the top); then the closed ones.
    return rows.annotate(
        closed=Case(When(status__in=PrivacyRequest.CLOSED_STATUSES, then=Value(1)), default=Value(0),
                    output_field=IntegerField())
    ).order_by("closed", "due_on", "pk")


@coordinator_required
def privacy_requests(request):
    form = QueueFilterForm(request.GET or None)
    page = Paginator(_queue(request.user, form), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "privacy/requests_queue.html", {
        "form": form, "page": page, "querystring": query.urlencode(), "today": timezone.localdate(),
    })


@coordinator_required
def privacy_request_new(request):
    if request.method == "POST":
        form = NewRequestForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                row, _created = privacy_request_receive(
                    contact=form.contact, kind=data["kind"], message=data["message"], channel=data["channel"],
                    received_on=data["received_on"], user=request.user,
                )
            except PrivacyRequestError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Demande n°%(id)s enregistrée : réponse due le %(date)s.")
                                 % {"id": row.pk, "date": row.due_on.strftime("%d/%m/%Y")})
                return redirect("privacy_request_detail", request_id=row.pk)
    else:
        form = NewRequestForm(user=request.user, initial={"received_on": timezone.localdate(),
                                                          "channel": Channel.EMAIL})
    return render(request, "privacy/request_new.html", {"form": form})


def _detail(request, row, *, answer_form=None, extend_form=None, status=200):
    projects = list(contact_projects_visible_to(request.user, row.contact)) if row.contact.erased_at is None else []
    return render(request, "privacy/request_detail.html", {
        "row": row,
        "contact": row.contact if projects else None,
        "project": projects[0] if projects else None,
        "answer_form": answer_form or (AnswerForm(request=row) if row.is_open else None),
        "extend_form": extend_form or (ExtendForm() if row.is_open and row.extended_at is None else None),
        "overdue": row.is_overdue(),
    }, status=status)


@coordinator_required
def privacy_request_detail(request, request_id):
    row = privacy_request_for(request.user, request_id)
    if request.method != "POST":
        return _detail(request, row)
    form = AnswerForm(request.POST, request=row) if row.is_open else None
    if form is None:
        messages.error(request, _("Cette demande est déjà close."))
        return redirect("privacy_request_detail", request_id=row.pk)
    if form.is_valid():
        try:
            row = privacy_request_answer(request=row, user=request.user, status=form.cleaned_data["status"],
                                         answer=form.cleaned_data["answer"])
        except PrivacyRequestError as exc:
            form.add_error(None, exc.message)
        else:
            if row.status == Status.IN_PROGRESS:
                messages.success(request, _("Demande marquée en cours."))
            elif row.kind == Kind.ERASURE and row.status == Status.ANSWERED:
                messages.success(request, _("Données effacées ; la confirmation part par e-mail à l'adresse que "
                                            "la personne avait."))
            else:
                messages.success(request, _("Réponse enregistrée ; elle part par e-mail à la personne."))
            return redirect("privacy_request_detail", request_id=row.pk)
    return _detail(request, row, answer_form=form, status=400)


@require_POST
@coordinator_required
def privacy_request_extend_view(request, request_id):
    row = privacy_request_for(request.user, request_id)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            row = privacy_request_extend(request=row, user=request.user, reason=form.cleaned_data["reason"])
        except PrivacyRequestError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Délai prolongé jusqu'au %(date)s ; la personne est prévenue par e-mail.")
                             % {"date": row.due_on.strftime("%d/%m/%Y")})
            return redirect("privacy_request_detail", request_id=row.pk)
    return _detail(request, row, extend_form=form, status=400)
