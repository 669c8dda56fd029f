"""GET /api/services and /healthz."""

from __future__ import annotations

import pytest


def test_services_are_ranked_with_ids_and_contact(client) -> None:
    response = client.get("/api/services", query_string={"q": "Ich habe Schulden und weiß nicht weiter"})
    assert response.status_code == 200
    services = response.json["services"]
    assert services[0]["category"] == "Schuldnerberatung"
    for key in ("id", "external_id", "name", "category", "district", "address", "hours", "phone", "email"):
        assert key in services[0]
    assert services[0]["external_id"].startswith("ms-")
    scores = [s["score"] for s in services]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"q": "Tafel", "district": "Südhöhe"}, lambda s: s["district"] == "Südhöhe" and s["category"] == "Tafel"),
        ({"q": "Treffpunkt", "target_group": "Senioren"}, lambda s: "Senioren" in s["target_groups"]),
        ({"category": "Wärmestube"}, lambda s: s["category"] == "Wärmestube"),
        ({"q": "Beratung", "language": "Russisch"}, lambda s: "Russisch" in s["languages"]),
    ],
)
def test_filters(client, params, check) -> None:
    services = client.get("/api/services", query_string=params).json["services"]
    assert services and all(check(s) for s in services)


def test_filters_that_leave_nothing_are_reported_as_relaxed(client) -> None:
    body = client.get("/api/services", query_string={"q": "Schuldnerberatung", "district": "Weidenbruch"}).json
    assert body["relaxed"] == ["district"] and body["services"][0]["category"] == "Schuldnerberatung"


@pytest.mark.parametrize(
    ("params", "status"),
    [({"q": "x" * 501}, 400), ({"limit": "viele"}, 400), ({"q": "<script>"}, 200), ({"q": "\x00"}, 200)],
)
def test_bad_queries(client, params, status) -> None:
    response = client.get("/api/services", query_string=params)
    assert response.status_code == status
    if status == 400:
        assert response.json["error"]


def test_health_reports_each_process(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "degraded", "checks": {"rasa": False, "action_server": False, "database": True}}
