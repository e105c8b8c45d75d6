"""The staff's project endpoints. Thin views: access through permissions and
`projects_visible_to`, writes through `project_transition`, errors through
exceptions.api_exception_handler."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from crm.access_log import Kind, access_record, query_filter
from onboarding.access import project_filter_narrow, projects_visible_to
from onboarding.filters import ProjectFilter
from onboarding.models import Project
from onboarding.services.journey import available_transitions, project_transition
from onboarding.states import Channel
from onboarding.timeline import TIMELINE_PAGE_SIZE, project_timeline

from .pagination import ApiPagination
from .permissions import IsStaffMember
from .schema import PROJECT_ID, RETRY_AFTER, STAFF_ERRORS, errors, search_parameter
from .serializers import (
    TRANSITION_REQUEST_SERIALIZERS,
    ProjectDetailSerializer,
    ProjectSerializer,
    TimelineEntrySerializer,
    TransitionRequestSerializer,
    TransitionResultSerializer,
    transition_request_serializer,
)


class StaffProjectFilter(ProjectFilter):
    """The one filter set, its people and events those of the caller's
    networks: another network's referent answers as an unknown one (400)."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            project_filter_narrow(self, request.user)


def visible_projects(request):
    return projects_visible_to(request.user).select_related(
        "contact", "segment", "target_epci", "target_commune", "installed_commune", "referent__user", "team"
    ).prefetch_related("needs")


class StaffProjectView(generics.GenericAPIView):
    permission_classes = [IsStaffMember]
    queryset = Project.objects.none()  # for the schema; requests read get_queryset()

    def get_queryset(self):
        return visible_projects(self.request)


@extend_schema(
    tags=["projects"],
    summary=_("Lister les projets"),
    description=_(
        "Les projets que vous pouvez voir (tous pour la coordination ; pour un référent, les siens et ceux de "
        "ses équipes), les plus récemment modifiés d'abord, 50 par page."
    ),
    parameters=[RETRY_AFTER, search_parameter(ProjectFilter, "q")],
    responses={200: ProjectSerializer(many=True), **errors(400, *STAFF_ERRORS)},
)
class ProjectListView(StaffProjectView, generics.ListAPIView):

    serializer_class = ProjectSerializer
    filterset_class = StaffProjectFilter
    pagination_class = ApiPagination

    def get_queryset(self):
        return super().get_queryset().order_by("-updated_at", "-pk")

    def list(self, request, *args, **kwargs):
        access_record(request, Kind.API_PROJECT_LIST, what=query_filter(request.query_params))
        return super().list(request, *args, **kwargs)


@extend_schema(
    tags=["projects"], summary=_("Lire un projet"), parameters=[PROJECT_ID, RETRY_AFTER],
    responses={200: ProjectDetailSerializer, **errors(*STAFF_ERRORS)},
)
class ProjectDetailView(StaffProjectView, generics.RetrieveAPIView):
    serializer_class = ProjectDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        project = self.get_object()
        access_record(request, Kind.API_PROJECT, project=project)
        return Response(self.get_serializer(project).data)


class TimelinePagination(ApiPagination):
    page_size = TIMELINE_PAGE_SIZE


@extend_schema(
    tags=["projects"],
    summary=_("Historique d'un projet"),
    description=_(
        "La chronologie du projet, la même que sur sa page : changements d'état, orientations, échanges, "
        "tâches, kits et e-mails, du plus récent au plus ancien, par pages."
    ),
    parameters=[PROJECT_ID, RETRY_AFTER],
    responses={200: TimelineEntrySerializer(many=True), **errors(*STAFF_ERRORS)},
)
class ProjectHistoryView(StaffProjectView):

    serializer_class = TimelineEntrySerializer
    pagination_class = TimelinePagination

    def get_queryset(self):
        return projects_visible_to(self.request.user)

    def get(self, request, pk):
        project = self.get_object()
        access_record(request, Kind.API_HISTORY, project=project)
        page = self.paginate_queryset(project_timeline(project))
        return self.get_paginated_response(TimelineEntrySerializer(page, many=True).data)


@extend_schema(
    tags=["projects"],
    summary=_("Faire avancer un projet"),
    description=_(
        "Applique une transition du parcours (make_contact, qualify…) avec sa note et les champs qu'elle "
        "prend : le corps est l'une des variantes selon `transition`, chacune avec ses champs et ceux qu'elle "
        "exige (le motif de pause, d'abandon, de non-recevabilité). `duplicate_of` désigne un projet que vous "
        "pouvez voir. `make_contact` peut dire comment la personne a été jointe (`contact_channel` : call, email, "
        "meeting). 400 invalid (details nomme le champ), condition_missing ou invalid_field (details.field) ; "
        "pour condition_missing, `message` dit en mots l'action (son libellé), ce qui manque et quoi "
        "renseigner, et `details` le dit en codes stables : `transition` (son nom), `missing` (les codes des "
        "conditions : has_segment, move_date_not_in_past…) et `fields` (les champs de la requête à renseigner) ; "
        "403 permission_denied : seuls le référent du projet et la coordination le peuvent ; "
        "404 : projet introuvable ou invisible pour vous ; 409 not_allowed_from_state (details.transition, "
        "details.allowed : les transitions possibles, en codes) "
        "ou changed_meanwhile (quelqu'un l'a modifié entre-temps)."
    ),
    parameters=[PROJECT_ID, RETRY_AFTER],
    request=PolymorphicProxySerializer(
        component_name="Transition",
        serializers=TRANSITION_REQUEST_SERIALIZERS,
        resource_type_field_name="transition",
    ),
    responses={
        200: TransitionResultSerializer,
        **errors(400, 401, 403, 404, 405, 409, 413, 415, 429),
    },
)
class ProjectTransitionView(StaffProjectView):
    """Every refusal is the journey's own (onboarding.exceptions), mapped to a
    status in exceptions.JOURNEY_STATUS."""

    serializer_class = TransitionRequestSerializer

    def get_queryset(self):
        return projects_visible_to(self.request.user)

    def post(self, request, pk):
        project = self.get_object()  # 404 before anything else: never reveal a project
        serializer = transition_request_serializer(
            request.data, context={"visible_projects": projects_visible_to(request.user)}
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        log = project_transition(
            project=project,
            transition=data["transition"],
            user=request.user,
            note=data["note"],
            channel=Channel.API,
            fields=serializer.transition_fields(),
            expected_state=data.get("expected_state"),
            keep_referent=data.get("keep_referent", False),
        )
        result = {
            "project": project.pk,
            "transition": log.transition,
            "from_state": log.from_state,
            "state": project.state,
            "state_label": project.get_state_display(),
            "available_transitions": available_transitions(project),
            "at": log.at,
        }
        return Response(TransitionResultSerializer(result).data, status=status.HTTP_200_OK)


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other address under /api/: the same JSON 404 as everywhere else."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise NotFound()

    options = http_method_not_allowed  # APIView answers OPTIONS itself otherwise
