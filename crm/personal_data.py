"""One registry of personal data: which table holds what about whom.

Every app declares, in its AppConfig.ready(), each of its models that holds
personal data: for which kind of person, which fields, how a row is found
from the person (its *subject*), how it is erased and what of it the person
receives when they ask for their data. A model that holds a name, an
address, a phone, an e-mail or free text and is neither declared nor
exempted (with the reason) fails the test suite
(tests/crm/test_personal_data_registry.py walks every installed model).

The rights walk this registry and nothing else:
- the erasure on request and the retention purge (`person_erase`, called by
  onboarding.services.privacy.contact_erase) run each declaration's erase,
  in `order`, inside one transaction;
- the right of access and portability (`person_export`, used by the privacy
  app's "Télécharger mes données") gathers each declaration's rows;
- the register of processing lists the kinds of people and the categories
  of data from it;
- the anonymisation test checks each declared field is empty afterwards.

A declaration's `subject` is the lookup from a row to the subject's primary
key ("pk" on the subject's own table, "contact", "project__contact"), or a
callable `subject(person) -> queryset` for rows found another way (the
outbox by address). `erase` is "blank" (the declared fields emptied),
"delete" (the rows deleted), "keep" (declared for the register and the
export only: kept by law or needed anonymous) or a callable
`erase(rows, person)`. `export` is True (the declared fields and the
`context` fields of each row), False, or a callable `export(rows, person)`
returning a list of dicts.
"""

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonKind(models.TextChoices):
    # Everyone who is a crm.Contact: their rights are exercised on the contact and follow it everywhere.
    PROSPECT = "prospect", _("Personnes qui envisagent de s'installer ou se sont installées (porteurs de projet, "
                             "nouveaux arrivants, ambassadeurs), et leur foyer")
    STAFF = "staff", _("Agents des réseaux et référents")
    PARTNER = "partner", _("Contacts des structures partenaires")
    TESTIMONIAL = "testimonial", _("Personnes installées qui témoignent de leur parcours")
    # Their own kind: a person's ids are one table's keys (jobs.Employer here, welcome_kits' for partners).
    EMPLOYER = "employer", _("Personnes à contacter chez les recruteurs locaux")


@dataclass(frozen=True)
class Person:
    """Whose data a right is exercised on, as the declarations need it."""

    kind: str
    # The subjects' primary keys: crm.Contact for a prospect, the user for
    # staff, the partner contact's row for a partner, the testimonial for
    # the person who gave it, the employer's row (jobs.Employer) for an
    # employer's contact person.
    ids: tuple
    # A prospect's projects (their rows are found through them too).
    project_ids: tuple = ()
    # The addresses as they were before an erasure, lower-cased: for rows
    # keyed by address rather than by contact (an e-mail outbox).
    emails: tuple = ()
    # Who erases (a coordinator handling a request), None for the purge.
    by: Any = None

    @property
    def contact_ids(self):
        """A prospect's contact ids (crm.Contact), the subject of most declarations."""
        return self.ids if self.kind == PersonKind.PROSPECT else ()


@dataclass(frozen=True)
class PersonalData:
    model: type
    person: str
    fields: tuple
    subject: Any
    purpose: str
    retention: str
    erase: Any = "blank"
    export: Any = True
    context: tuple = ()
    order: int = 100
    label: str = ""

    @property
    def title(self):
        return self.label or str(self.model._meta.verbose_name_plural)

    def rows(self, person):
        """The rows of this table about `person`."""
        if callable(self.subject):
            return self.subject(person)
        if not person.ids:
            return self.model._default_manager.none()
        return self.model._default_manager.filter(**{f"{self.subject}__in": person.ids})


_declared = {}  # (model label, person kind) -> PersonalData
_exempt = {}  # model label -> reason


def personal_data(model, *, person, fields, subject, purpose, retention, erase="blank", export=True,
                  context=(), order=100, label=""):
    """Declare that `model` holds personal data about `person` (a PersonKind)."""
    if person not in PersonKind.values:
        raise ValueError(f"unknown kind of person {person!r}")
    if isinstance(erase, str) and erase not in ("blank", "delete", "keep"):
        raise ValueError(f"erase must be 'blank', 'delete', 'keep' or a function, not {erase!r}")
    names = {f.name for f in model._meta.get_fields()}
    missing = [name for name in (*fields, *context) if name not in names]
    if missing:
        raise ValueError(f"{model._meta.label} has no field {', '.join(missing)}")
    declaration = PersonalData(
        model=model, person=person, fields=tuple(fields), subject=subject, purpose=str(purpose),
        retention=str(retention), erase=erase, export=export, context=tuple(context), order=order, label=label,
    )
    _declared[(model._meta.label, person)] = declaration
    return declaration


def exempt(model, reason):
    """Say why a model that looks personal is not (public reference data, a code list...)."""
    _exempt[model._meta.label] = str(reason)


def declarations(person=None):
    """The declarations, for one kind of person or all, in erasure order."""
    found = [d for d in _declared.values() if person is None or d.person == person]
    return sorted(found, key=lambda d: (d.order, d.model._meta.label))


def exemptions():
    return dict(_exempt)


def is_declared(model):
    label = model._meta.label
    return label in _exempt or any(key[0] == label for key in _declared)


# What makes a field look personal: its type (an address, free text,
# structured data) or its name.
_PERSONAL_NAMES = ("name", "email", "e_mail", "mail", "phone", "address", "message", "note", "summary",
                   "comment", "reason", "title", "body", "text")
_PERSONAL_TYPES = ("EmailField", "TextField", "JSONField", "GenericIPAddressField", "FileField")


def looks_personal(field_):
    if not getattr(field_, "concrete", False) or field_.is_relation:
        return False
    if field_.get_internal_type() in _PERSONAL_TYPES:
        return True
    if field_.get_internal_type() == "CharField" and not field_.choices:
        return any(part in field_.name for part in _PERSONAL_NAMES)
    return False


def undeclared_models(app_labels):
    """Models of these apps with a personal-looking field that are neither declared nor exempted."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in app_labels or model._meta.proxy:
            continue
        if any(looks_personal(f) for f in model._meta.get_fields()) and not is_declared(model):
            found.append(model._meta.label)
    return sorted(found)


def blank_value(field_):
    if field_.get_internal_type() == "JSONField":
        default = field_.default
        return default() if callable(default) else ({} if default is None else default)
    if field_.null:
        return None
    return ""


def person_erase(person):
    """Run every declaration for this kind of person, in order (inside the caller's transaction)."""
    for declaration in declarations(person.kind):
        rows = declaration.rows(person)
        if callable(declaration.erase):
            declaration.erase(rows, person)
        elif declaration.erase == "blank":
            meta = declaration.model._meta
            rows.update(**{name: blank_value(meta.get_field(name)) for name in declaration.fields})
        elif declaration.erase == "delete":
            rows.delete()


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _field_label(model, name):
    return str(model._meta.get_field(name).verbose_name) if hasattr(model._meta.get_field(name), "verbose_name") \
        else name


@dataclass
class ExportSection:
    key: str
    title: str
    purpose: str
    retention: str
    columns: list = field(default_factory=list)  # [(field name, label)]
    rows: list = field(default_factory=list)  # [{field name: plain value}]


def person_export(person):
    """Everything held about `person`, table by table: [ExportSection] for JSON and PDF."""
    sections = []
    for declaration in declarations(person.kind):
        if declaration.export is False:
            continue
        model = declaration.model
        rows = declaration.rows(person)
        if callable(declaration.export):
            exported = declaration.export(rows, person)
            columns = list(dict.fromkeys(key for row in exported for key in row))
            labelled = [(name, _field_label(model, name) if _has_field(model, name) else name) for name in columns]
        else:
            names = [*declaration.context, *declaration.fields]
            exported = [
                {name: _plain(_display(row, name)) for name in names} for row in rows.order_by("pk")
            ]
            labelled = [(name, _field_label(model, name)) for name in names]
        sections.append(ExportSection(
            key=f"{model._meta.label_lower}", title=declaration.title, purpose=declaration.purpose,
            retention=declaration.retention, columns=labelled, rows=exported,
        ))
    return sections


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True


def _display(row, name):
    field_ = row._meta.get_field(name)
    if getattr(field_, "choices", None):
        return getattr(row, f"get_{name}_display")()
    if field_.many_to_many:
        return [str(item) for item in getattr(row, name).all()]
    return getattr(row, name)
