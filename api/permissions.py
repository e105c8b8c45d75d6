"""Who may call what. Which projects they see is `projects_visible_to`'s business."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from api.models import ApiToken
from crm.access import is_coordinator, is_staff_member


def partner_token(request):
    """The partner ApiToken that authenticated the request, or None."""
    token = request.auth
    if isinstance(token, ApiToken) and token.kind == ApiToken.Kind.PARTNER:
        return token
    return None


class IsStaffMember(BasePermission):
    """Referents and coordinators, by session or staff token. Partner tokens only create leads."""

    message = _("Réservé aux référents et à la coordination ; une clé partenaire ne peut que déposer des contacts.")

    def has_permission(self, request, view):
        if partner_token(request) is not None:
            return False
        return is_staff_member(request.user)


class MayCreateLeads(BasePermission):
    """Partner tokens, and coordinators (who also type in leads from elsewhere)."""

    message = _("Seules les clés partenaires et la coordination peuvent déposer des contacts.")

    def has_permission(self, request, view):
        return partner_token(request) is not None or is_coordinator(request.user)

