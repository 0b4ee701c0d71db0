"""/healthz/ tells a load balancer whether this server reaches its database and cache."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_healthy_server_says_so(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "cache": True}
    assert "no-cache" in response["Cache-Control"]


def test_a_server_without_its_cache_is_taken_out_of_service(client, monkeypatch):
    class Unreachable:
        def set(self, *args, **kwargs):
            raise ConnectionError("Redis is not answering")

    monkeypatch.setattr("charter_portal.views.cache", Unreachable())
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": True, "cache": False}


def test_a_server_without_its_database_is_taken_out_of_service(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("the database is not answering")

    monkeypatch.setattr("charter_portal.views.connection.cursor", broken)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] is False


def test_the_load_balancer_may_ask_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("home")).status_code == 301
