"""A second opinion on held texts from an Anthropic model (official SDK), when ANTHROPIC_API_KEY is
set. It can only settle what the local model held: allow or reject. Any failure (timeout, an
error, an answer that is not one of the two) leaves the text held for a moderator."""

from __future__ import annotations

import json
import logging

log = logging.getLogger(__name__)

INSTRUCTIONS = (
    "You review short texts people post in a fitness app (comments on workouts, workout notes, profile lines). "
    "A local filter held this one, suspecting: {labels}. Gym slang such as 'killing it' or 'this set murdered me' is fine. "
    "Spam, harassment, threats and sexual content are not. Texts about self-harm must go to a person: never allow or reject them, "
    'answer hold. Reply with JSON only: {{"decision": "allow" | "reject" | "hold", "reason": "<a few words>"}}.'
)


class AnthropicReviewer:
    def __init__(self, api_key: str, model: str, base_url: str | None = None, timeout_s: float = 10.0) -> None:
        import anthropic

        self.model = model
        self.client = anthropic.Anthropic(api_key=api_key, base_url=base_url, timeout=timeout_s, max_retries=1)

    def review(self, text: str, flagged: list[str]) -> str | None:
        """allow or reject, or None when the text stays held."""
        import anthropic

        try:
            message = self.client.messages.create(
                model=self.model, max_tokens=100, system=INSTRUCTIONS.format(labels=", ".join(flagged) or "nothing specific"),
                messages=[{"role": "user", "content": text}],
            )
            reply = "".join(block.text for block in message.content if block.type == "text").strip()
            decision = json.loads(reply[reply.find("{"): reply.rfind("}") + 1]).get("decision")
        except (anthropic.APIError, ValueError, AttributeError) as error:
            log.warning("second opinion unavailable, the text stays held: %s", error)
            return None
        return decision if decision in ("allow", "reject") and "self_harm" not in flagged else None


def make_reviewer(settings) -> AnthropicReviewer | None:
    if not settings.anthropic_api_key:
        return None
    return AnthropicReviewer(settings.anthropic_api_key, settings.anthropic_model, settings.anthropic_base_url, settings.anthropic_timeout_seconds)
