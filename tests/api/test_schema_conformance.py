"""Every object the API returns matches the OpenAPI description it publishes.

A client generated from /api/schema/ trusts its types: a null or an empty string the schema
does not allow makes such a client fail on real data.
"""

import jsonschema
import pytest
from django.core.management import call_command

from documents.models import Statement
from oversight.models import StatusUpdate


def json_schema(node, components):
    """Return `node`, an OpenAPI 3.0 schema, as JSON Schema: references resolved and
    `nullable` written as a type that admits null."""
    if isinstance(node, list):
        return [json_schema(item, components) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return json_schema(components[node["$ref"].rsplit("/", 1)[1]], components)
    converted = {
        key: json_schema(value, components)
        for key, value in node.items()
        if key not in {"nullable", "readOnly", "writeOnly", "format"}
    }
    if node.get("nullable"):
        if "type" in converted:
            converted["type"] = [converted["type"], "null"]
        if "enum" in converted:
            converted["enum"] = [*converted["enum"], None]
        if {"allOf", "oneOf", "anyOf"} & set(converted):
            converted = {"anyOf": [converted, {"type": "null"}]}
    return converted


def response_schema(schema, path, status="200"):
    """Return the JSON Schema of the `status` response of GET `path` (a template such as
    /api/statements/{id}/)."""
    content = schema["paths"][path]["get"]["responses"][status]["content"]
    return json_schema(content["application/json"]["schema"], schema["components"]["schemas"])


@pytest.fixture
def schema(client, db):
    return client.get("/api/schema/", {"format": "json"}).json()


LISTS = [
    "/api/statements/",
    "/api/people/",
    "/api/documents/",
    "/api/priorities/",
    "/api/recommendations/",
    "/api/status-updates/",
    "/api/organisations/",
]


@pytest.mark.parametrize("path", LISTS)
def test_every_list_matches_its_schema(client, seeded, schema, path):
    body = client.get(path, {"page_size": 100}).json()
    assert body["results"]
    jsonschema.validate(body, response_schema(schema, path))


def test_every_detail_matches_its_schema(client, seeded, schema):
    details = {
        "/api/statements/{id}/": [f"/api/statements/{s.pk}/" for s in Statement.objects.all()],
        "/api/status-updates/{id}/": [
            f"/api/status-updates/{u.pk}/" for u in StatusUpdate.objects.all()
        ],
    }
    for path in ["/api/people/", "/api/documents/", "/api/priorities/", "/api/organisations/"]:
        template = next(p for p in schema["paths"] if p.startswith(path) and p != path)
        listed = client.get(path, {"page_size": 100}).json()["results"]
        details[template] = [item["url"].removeprefix("http://testserver") for item in listed]
    for template, addresses in details.items():
        for address in addresses:
            jsonschema.validate(client.get(address).json(), response_schema(schema, template))


BAD_FILTERS = {
    "/api/statements/": {"date_from": "yesterday"},
    "/api/people/": {"organisation": "nobody"},
    "/api/documents/": {"kind": "tweet"},
    "/api/priorities/": {"status": "finished"},
    "/api/recommendations/": {"outcome": "adopted"},
    "/api/status-updates/": {"as_of_from": "2014-13-01"},
    "/api/organisations/": {"kind": "club"},
}


@pytest.mark.parametrize("path", LISTS)
def test_the_errors_a_list_gives_are_described(client, seeded, schema, path):
    bad = client.get(path, BAD_FILTERS[path])
    assert bad.status_code == 400
    jsonschema.validate(bad.json(), response_schema(schema, path, "400"))
    past_the_end = client.get(path, {"page": 999})
    assert past_the_end.status_code == 404
    jsonschema.validate(past_the_end.json(), response_schema(schema, path, "404"))


def test_a_row_that_is_not_there_is_a_described_404(client, seeded, schema):
    for template in schema["paths"]:
        if "{" not in template:
            continue
        response = client.get(template.split("{")[0] + "0/")
        assert response.status_code == 404, template
        jsonschema.validate(response.json(), response_schema(schema, template, "404"))


def test_the_404_of_a_row_shown_on_a_day_says_it_may_be_not_yet_set_out(client, seeded, schema):
    def not_found(path):
        return schema["paths"][path]["get"]["responses"]["404"]["description"]

    assert "not yet in the record" in not_found("/api/priorities/{slug}/")
    assert not_found("/api/people/{slug}/") == "No such row."
    assert not_found("/api/priorities/").startswith("No such page")
    early = client.get("/api/priorities/five-year-budget/", {"as_of": "2014-01-01"})
    assert early.status_code == 404
    assert "was not yet in the record at the end of 1 January 2014" in early.json()["detail"]
    jsonschema.validate(early.json(), response_schema(schema, "/api/priorities/{slug}/", "404"))


def test_a_request_too_long_to_read_is_a_described_400_in_json(client, seeded, schema):
    """Past Django's 1,000 parameters the request is refused before any view: under /api/
    it still answers in JSON, as the description says, not with the site's HTML page."""
    many = "&".join(f"utm_{n}=1" for n in range(1001))
    response = client.get(f"/api/statements/?{many}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "more than 1,000 values" in response.json()["detail"]
    jsonschema.validate(response.json(), response_schema(schema, "/api/statements/", "400"))
    # The schema tells it from a filter's error: each matches one of the two, not both.
    filter_error = client.get("/api/statements/", {"date_from": "yesterday"}).json()
    jsonschema.validate(filter_error, response_schema(schema, "/api/statements/", "400"))


def test_the_description_itself_is_valid_openapi(db, tmp_path):
    """Checked against the OpenAPI 3.0 specification's own JSON Schema (drf-spectacular's
    --validate), with the changes the site makes to it (document_error_responses): a
    client generator given an invalid description fails before it reads a row."""
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "api.yaml")
    assert "/api/statements/" in (tmp_path / "api.yaml").read_text()
