"""The requests queue: every right (access, rectification, erasure,
objection, restriction), a status, the answer, and the legal deadline."""

import calendar
import datetime

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _due_on(day):
    # crm.models.privacy.request_due_on as of this migration: one month later,
    # the month's last day when it has no such day.
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def earlier_requests(apps, schema_editor):
    """Requests made before the queue: received the day they were made, due a
    month later, answered if they were handled (the erasure they asked for)."""
    from django.utils import timezone

    PrivacyRequest = apps.get_model("crm", "PrivacyRequest")
    for row in PrivacyRequest.objects.all().only("pk", "created_at", "answered_at"):
        received_on = timezone.localdate(row.created_at)
        PrivacyRequest.objects.filter(pk=row.pk).update(
            received_on=received_on, due_on=_due_on(received_on),
            status="answered" if row.answered_at else "received",
        )


class Migration(migrations.Migration):

    dependencies = [
        ("crm", "0009_access_log"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="privacyrequest", old_name="handled_at", new_name="answered_at"),
        migrations.RenameField(model_name="privacyrequest", old_name="handled_by", new_name="answered_by"),
        migrations.AlterField(
            model_name="privacyrequest", name="answered_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="répondue le"),
        ),
        migrations.AlterField(
            model_name="privacyrequest", name="answered_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="répondue par"),
        ),
        migrations.AlterField(
            model_name="privacyrequest", name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="enregistrée le"),
        ),
        migrations.AlterField(
            model_name="privacyrequest", name="kind",
            field=models.CharField(choices=[("access", "Accès à mes données"), ("rectification", "Rectification"),
                                            ("deletion", "Effacement"), ("objection", "Opposition"),
                                            ("restriction", "Limitation du traitement")],
                                   default="deletion", max_length=20, verbose_name="type"),
        ),
        migrations.AddField(
            model_name="privacyrequest", name="channel",
            field=models.CharField(choices=[("tracking_page", "Page de suivi"), ("email", "E-mail"),
                                            ("post", "Courrier")],
                                   default="tracking_page", max_length=20, verbose_name="reçue par"),
        ),
        migrations.AddField(
            model_name="privacyrequest", name="created_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="enregistrée par"),
        ),
        migrations.AddField(
            model_name="privacyrequest", name="received_on",
            field=models.DateField(default=django.utils.timezone.localdate, verbose_name="reçue le"),
        ),
        migrations.AddField(
            model_name="privacyrequest", name="due_on",
            field=models.DateField(null=True, verbose_name="réponse due le"),
        ),
        migrations.AddField(
            model_name="privacyrequest", name="extended_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="délai prolongé le"),
        ),
        migrations.AddField(
            model_name="privacyrequest", name="extended_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to=settings.AUTH_USER_MODEL,
                                    verbose_name="délai prolongé par"),
        ),
        migrations.AddField(
            model_name="privacyrequest", name="extension_reason",
            field=models.TextField(blank=True, max_length=2000, verbose_name="motif de la prolongation"),
        ),
        migrations.AddField(
            model_name="privacyrequest", name="status",
            field=models.CharField(choices=[("received", "Reçue"), ("in_progress", "En cours"),
                                            ("answered", "Répondue"), ("refused", "Refusée")],
                                   db_index=True, default="received", max_length=20, verbose_name="statut"),
        ),
        migrations.AddField(
            model_name="privacyrequest", name="answer",
            field=models.TextField(blank=True, max_length=5000, verbose_name="réponse"),
        ),
        migrations.RunPython(earlier_requests, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="privacyrequest", name="due_on",
            field=models.DateField(db_index=True, verbose_name="réponse due le"),
        ),
    ]
