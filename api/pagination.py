"""Pages of the API's lists, as DRF numbers them, with the schema saying
what DRF enforces: pages count from 1 (page 0 is a 404 like any page past
the last)."""

from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {**parameter["schema"], "minimum": 1}
        return parameters
