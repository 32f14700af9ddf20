"""Optional rewrites from an OpenAI-compatible endpoint (a local Ollama or llama.cpp).

Configured by parameters or by ``TWOFOLD_LLM_URL``, ``TWOFOLD_LLM_TIMEOUT_SECONDS``
(default 8) and ``TWOFOLD_LLM_MODEL`` (default ``local``). Any error, timeout or
odd answer returns ``None``; the caller then uses the composer. The answer is
re-analysed by the rewrite component before it is shown.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass

from twofold.coach.doc import MessageDoc

DEFAULT_TIMEOUT = 8.0
MAX_ANSWER_CHARS = 2000
ATTACHMENT_HINTS = {
    "anxious": "Open by reassuring them of closeness and that the relationship is safe.",
    "avoidant": "Open with low pressure, make one small and specific request, and give them space.",
    "disorganized": "Open calmly and predictably; say what will happen next.",
    "secure": "Open with plain warmth.",
}
SYSTEM_PROMPT = (
    "You help one partner rewrite a message to the other before sending it. Keep the topic and the "
    "concern, drop blame, insults, sarcasm, orders and brush-offs. Start with a sentence that helps the "
    "reader feel calm and cared for, speak in first person about one specific situation, and end with a "
    "request or a question. Answer with the rewritten message only, in at most four sentences."
)


@dataclass(frozen=True)
class LLMClient:
    url: str
    timeout: float
    model: str

    @classmethod
    def from_settings(cls, url: str | None = None, timeout: float | None = None, model: str | None = None) -> "LLMClient | None":
        url = url or os.environ.get("TWOFOLD_LLM_URL", "").strip()
        if not url:
            return None
        if timeout is None:
            raw = os.environ.get("TWOFOLD_LLM_TIMEOUT_SECONDS", "").strip()
            try:
                timeout = float(raw) if raw else DEFAULT_TIMEOUT
            except ValueError:
                raise ValueError(f"TWOFOLD_LLM_TIMEOUT_SECONDS must be a number of seconds, not {raw!r}") from None
        if timeout <= 0:
            raise ValueError("the LLM timeout must be positive")
        model = model or os.environ.get("TWOFOLD_LLM_MODEL", "").strip() or "local"
        return cls(url.rstrip("/"), timeout, model)

    @property
    def endpoint(self) -> str:
        return self.url if self.url.endswith("/chat/completions") else f"{self.url}/v1/chat/completions"

    def prompt(self, doc: MessageDoc) -> list[dict[str, str]]:
        found = "; ".join(f"{f.label}: \"{f.text}\"" for f in doc.findings) or "none"
        hint = ATTACHMENT_HINTS[doc.recipient_attachment or "secure"]
        user = f"Message: {doc.text}\nWhat the coach found: {found}\n{hint}"
        return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]

    def rewrite(self, doc: MessageDoc) -> list[str] | None:
        """The endpoint's rewrite, or ``None`` on any failure."""
        body = json.dumps({"model": self.model, "messages": self.prompt(doc), "temperature": 0.3}).encode("utf-8")
        request = urllib.request.Request(self.endpoint, data=body, headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read(MAX_ANSWER_CHARS * 8).decode("utf-8"))
            content = answer["choices"][0]["message"]["content"]
        except (OSError, urllib.error.URLError, ValueError, KeyError, IndexError, TypeError):
            return None
        if not isinstance(content, str):
            return None
        content = content.strip().strip('"').strip()
        if not content or len(content) > MAX_ANSWER_CHARS:
            return None
        return [content]
