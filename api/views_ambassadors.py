"""GET /api/v1/ambassadors/ and /api/v1/ambassadors/<id>/: the ambassadors of
the caller's networks, read-only, for referents and coordinators (session or
staff key); never for partner keys (IsStaffMember). Another network's
ambassador is the same 404 as one that does not exist."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from ambassadors.models import Ambassador
from crm.access import networks_of

from .pagination import ApiPagination
from .permissions import IsStaffMember
from .schema import RETRY_AFTER, STAFF_ERRORS, errors


class AmbassadorSerializer(serializers.ModelSerializer):
    first_name = serializers.CharField(source="contact.first_name")
    last_name = serializers.CharField(source="contact.last_name")
    email = serializers.CharField(source="contact.email")
    phone = serializers.CharField(source="contact.phone")
    network = serializers.CharField(source="network.slug")
    commune = serializers.CharField(source="commune.insee", help_text=_("Code INSEE de la commune."))
    commune_name = serializers.CharField(source="commune.name")
    languages = serializers.ListField(source="language_codes", child=serializers.CharField())
    shares = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = Ambassador
        fields = ["id", "first_name", "last_name", "email", "phone", "network", "commune", "commune_name",
                  "occupation", "came_from", "former_region", "arrived_year", "household", "languages", "shares",
                  "status", "status_changed_at", "applied_at", "consent_version", "consent_at"]
        read_only_fields = fields


class StaffAmbassadorView(generics.GenericAPIView):
    permission_classes = [IsStaffMember]
    serializer_class = AmbassadorSerializer
    queryset = Ambassador.objects.none()  # for the schema; requests read get_queryset()

    def get_queryset(self):
        return (Ambassador.objects.filter(network__in=networks_of(self.request.user), erased_at__isnull=True)
                .select_related("contact", "commune", "network").prefetch_related("shares").order_by("pk"))


@extend_schema(tags=["ambassadors"], summary=_("Lister les ambassadeurs"),
               description=_("Les ambassadeurs de vos réseaux, en lecture seule, 50 par page."),
               parameters=[RETRY_AFTER], responses={200: AmbassadorSerializer(many=True), **errors(*STAFF_ERRORS)})
class AmbassadorListView(StaffAmbassadorView, generics.ListAPIView):
    pagination_class = ApiPagination


@extend_schema(tags=["ambassadors"], summary=_("Lire un ambassadeur"), parameters=[RETRY_AFTER],
               responses={200: AmbassadorSerializer, **errors(*STAFF_ERRORS)})
class AmbassadorDetailView(StaffAmbassadorView, generics.RetrieveAPIView):
    pass
