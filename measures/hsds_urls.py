from django.urls import path

from . import hsds_api

app_name = "hsds"

urlpatterns = [
    path("", hsds_api.index, name="index"),
    path("services", hsds_api.services, name="services"),
    path("services/<str:id>", hsds_api.service, name="service"),
    path("organizations", hsds_api.organizations, name="organizations"),
    path("organizations/<str:id>", hsds_api.organization, name="organization"),
    path("service_at_locations", hsds_api.service_at_locations, name="service_at_locations"),
    path(
        "service_at_locations/<str:id>",
        hsds_api.service_at_location,
        name="service_at_location",
    ),
    path("taxonomies", hsds_api.taxonomies, name="taxonomies"),
    path("taxonomies/<str:id>", hsds_api.taxonomy, name="taxonomy"),
    path("taxonomy_terms", hsds_api.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:id>", hsds_api.taxonomy_term, name="taxonomy_term"),
]
