"""Talk to the Rasa server's REST channel and check the back-end processes."""

from __future__ import annotations

import json
from typing import Any

import httpx


class RasaUnavailable(Exception):
    """Rasa did not answer, or answered with an error."""


class RasaClient:
    """Forward chat messages to Rasa's REST channel on 127.0.0.1."""

    def __init__(self, base_url: str, timeout: float, transport: httpx.BaseTransport | None = None):
        self._client = httpx.Client(base_url=base_url, timeout=timeout, transport=transport)

    def send(self, sender: str, message: str) -> list[dict[str, Any]]:
        """Send one user message; return Rasa's bot messages in order.

        Only Rasa's faults (no answer, an error status, an answer that is no JSON
        list) raise RasaUnavailable; a message we cannot encode is our fault and
        raises as it is.
        """
        body = json.dumps({"sender": sender, "message": message}, ensure_ascii=False).encode("utf-8")
        try:
            response = self._client.post(
                "/webhooks/rest/webhook", content=body, headers={"Content-Type": "application/json"}
            )
            response.raise_for_status()
            messages = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(str(error)) from error
        if not isinstance(messages, list):
            raise RasaUnavailable("unexpected answer")
        return merge_custom(messages)


def merge_custom(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Attach a custom-only message to the text just before it (Rasa sends them apart)."""
    merged: list[dict[str, Any]] = []
    for message in messages:
        item = {key: message[key] for key in ("text", "buttons", "custom") if message.get(key)}
        if set(item) == {"custom"} and merged and "text" in merged[-1] and "custom" not in merged[-1]:
            merged[-1]["custom"] = item["custom"]
        elif item:
            merged.append(item)
    return merged


def probe(url: str, timeout: float = 2.0) -> bool:
    """Tell whether an HTTP endpoint answers with a success status."""
    try:
        return httpx.get(url, timeout=timeout).is_success
    except httpx.HTTPError:
        return False
