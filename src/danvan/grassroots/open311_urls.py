from django.urls import path

from danvan.grassroots import open311 as v

app_name = "open311"


def both(route: str, view, name: str) -> list:
    """The route with each format suffix the standard allows (.json, .xml)."""
    return [
        path(f"{route}.json", view, {"fmt": "json"}, name=name),
        path(f"{route}.xml", view, {"fmt": "xml"}, name=f"{name}_xml"),
    ]


urlpatterns = [
    *both("discovery", v.discovery, "discovery"),
    *both("services", v.services_view, "services"),
    *both("services/<str:service_code>", v.service_definition, "service"),
    *both("requests", v.requests_view, "requests"),
    *both("requests/<str:request_id>", v.request_detail, "request"),
    *both("tokens/<str:token>", v.token_view, "token"),
]
