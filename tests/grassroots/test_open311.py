"""Open311 GeoReport v2: discovery and services documents, POST and GET requests, errors."""

from xml.etree import ElementTree as ET

from django.test import Client

from danvan.grassroots import services
from danvan.grassroots.demo import DEMO_OPEN311_KEY
from danvan.grassroots.models import Petition

# Field lists of the GeoReport v2 documents (http://wiki.open311.org/GeoReport_v2).
DISCOVERY = {"changeset", "contact", "key_service", "endpoints"}
ENDPOINT = {"specification", "url", "changeset", "type", "formats"}
SERVICE = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
ATTRIBUTE = {
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
}
REQUEST = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}


def test_discovery_and_services_follow_the_field_lists(db):
    c = Client()
    d = c.get("/open311/v2/discovery.json").json()
    assert set(d) == DISCOVERY and all(set(e) == ENDPOINT for e in d["endpoints"])
    assert d["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert d["endpoints"][0]["url"].endswith("/open311/v2")
    services_doc = c.get("/open311/v2/services.json").json()
    assert services_doc and all(set(s) == SERVICE for s in services_doc)
    assert all(s["type"] in ("realtime", "batch", "blackbox") for s in services_doc)
    definition = c.get("/open311/v2/services/land.json").json()
    assert definition["service_code"] == "land"
    assert all(set(a) == ATTRIBUTE and a["datatype"] in DATATYPES for a in definition["attributes"])
    xml = ET.fromstring(c.get("/open311/v2/services.xml").content)
    assert xml.tag == "services" and {e.tag for e in xml[0]} == SERVICE
    assert ET.fromstring(c.get("/open311/v2/discovery.xml").content).tag == "discovery"


def post(c, **kw):
    data = {
        "api_key": DEMO_OPEN311_KEY,
        "jurisdiction_id": "00070",
        "service_code": "infrastructure",
        "lat": "21.0285",
        "long": "105.8542",
        "description": "Cột đèn trước số 20 Hàng Bông bị nghiêng sau mưa bão.",
        "first_name": "Hùng",
        "last_name": "Phạm",
        "phone": "0901234567",
        "email": "hung@example.vn",
        **kw,
    }
    return c.post("/open311/v2/requests.json", data)


def test_a_request_reaches_the_inbox_and_its_status_comes_back(db, persona, client_as):
    c = Client()
    r = post(c)
    assert r.status_code == 201
    row = r.json()[0]
    assert set(row) == {"service_request_id", "service_notice", "account_id"}
    code = row["service_request_id"]
    p = Petition.objects.get(tracking_code=code)
    assert p.channel == "open311" and p.unit.code == "00070" and p.petitioner_name == "Phạm Hùng"
    inbox = client_as("petitions.hoankiem").get("/don-thu/?loc=moi").content.decode()
    assert code in inbox

    got = c.get(f"/open311/v2/requests/{code}.json").json()
    assert len(got) == 1 and set(got[0]) == REQUEST and got[0]["status"] == "open"
    assert "Phạm" not in str(got) and "0901234567" not in str(got) and got[0]["description"] == ""
    officer = persona("petitions.hoankiem")
    p = services.apply(p, "route", by=officer, expected_version=p.version)
    services.apply(p, "answer", by=officer, expected_version=p.version, answer="Đã gia cố cột đèn.")
    got = c.get(f"/open311/v2/requests/{code}.json").json()[0]
    assert got["status"] == "closed" and got["status_notes"] == "Đã gia cố cột đèn."
    listed = c.get("/open311/v2/requests.json?jurisdiction_id=00070&status=closed").json()
    assert code in {x["service_request_id"] for x in listed}
    xml = ET.fromstring(c.get(f"/open311/v2/requests/{code}.xml").content)
    assert xml.tag == "service_requests" and xml[0].find("status").text == "closed"
    assert c.get(f"/open311/v2/tokens/{code}.json").json()[0]["service_request_id"] == code


def test_errors_use_the_standard_list(db):
    c = Client()
    for response, status in (
        (post(c, api_key="wrong"), 403),
        (post(c, jurisdiction_id=""), 400),
        (post(c, service_code="nope"), 400),
        (post(c, lat="", long="", address_string=""), 400),
        (post(c, lat="north"), 400),
        (c.get("/open311/v2/requests.json"), 400),
        (c.get("/open311/v2/requests/PA-NONE-NONE.json"), 404),
        (c.get("/open311/v2/services/nope.json"), 404),
    ):
        assert response.status_code == status
        body = response.json()
        assert (
            isinstance(body, list)
            and set(body[0]) == {"code", "description"}
            and body[0]["code"] == status
        )
    xml = ET.fromstring(
        post(
            c,
            api_key="wrong",
        ).content
        if False
        else c.get("/open311/v2/services/nope.xml").content
    )
    assert xml.tag == "errors" and xml[0].find("code").text == "404"
