"""Who may call what. Which projects they see is `projects_visible_to`'s business."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.permissions import BasePermission

from api.models import ApiToken
from crm.access import is_coordinator, is_staff_member, networks_of
from crm.models import Network


def partner_token(request):
    """The partner ApiToken that authenticated the request, or None."""
    token = request.auth
    if isinstance(token, ApiToken) and token.kind == ApiToken.Kind.PARTNER:
        return token
    return None


def writing_network(request):
    """The network a record sent through the API is filed into (employers'
    needs, businesses to take over): a partner key's own; for staff, the
    staff key's network if they work for it, else their only network. Staff
    of several networks without such a key get a French 400."""
    partner = partner_token(request)
    if partner is not None:
        return partner.network
    token = request.auth if isinstance(request.auth, ApiToken) else None
    mine = networks_of(request.user)
    if token is not None and token.network_id in mine:
        return token.network
    if len(mine) == 1:
        return Network.objects.get(pk=mine[0])
    raise serializers.ValidationError({"network": [_("Votre compte travaille pour plusieurs réseaux : utilisez "
                                                     "une clé d'API rattachée à l'un d'eux.")]})


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

