"""The optional LLM rewrite, against a real HTTP server on 127.0.0.1."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from twofold.coach import DEFAULT_COMPONENTS, Pipeline

CALM = "I love you, and we're okay. I've felt stretched thin with the dishes lately. Could we make a plan tonight?"


class _Handler(BaseHTTPRequestHandler):
    mode = "calm"
    requests: list[dict] = []

    def do_POST(self):  # noqa: N802 (http.server API)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "body": body})
        if self.mode == "slow":
            time.sleep(1.5)
        if self.mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        content = {"calm": CALM, "harsh": "You never do the dishes, you lazy idiot.", "slow": CALM}[self.mode]
        payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _rewrite(url, mode, timeout=1.0):
    _Handler.mode = mode
    _Handler.requests.clear()
    pipeline = Pipeline.from_names(DEFAULT_COMPONENTS, {"coach.rewrite.v1": {"llm_url": url, "llm_timeout": timeout}})
    (analysis,) = pipeline.analyze_many(["You never do the dishes. What is wrong with you?"], "anxious")
    return analysis.rewrite


def test_llm_answer_is_used_when_it_passes_the_check(server):
    rewrite = _rewrite(server, "calm")
    assert rewrite.source == "llm" and rewrite.variants == (CALM,)
    request = _Handler.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert "criticism" in request["body"]["messages"][1]["content"]


@pytest.mark.parametrize("mode", ["harsh", "error", "slow"])
def test_falls_back_to_the_composer(server, mode):
    rewrite = _rewrite(server, mode, timeout=0.5)
    assert rewrite is not None and rewrite.source == "composer"


def test_environment_configures_the_client(monkeypatch, server):
    from twofold.coach.llm import LLMClient

    monkeypatch.setenv("TWOFOLD_LLM_URL", server)
    monkeypatch.setenv("TWOFOLD_LLM_TIMEOUT_SECONDS", "2.5")
    client = LLMClient.from_settings()
    assert client.timeout == 2.5 and client.endpoint == f"{server}/v1/chat/completions"
    monkeypatch.setenv("TWOFOLD_LLM_TIMEOUT_SECONDS", "soon")
    with pytest.raises(ValueError, match="TWOFOLD_LLM_TIMEOUT_SECONDS"):
        LLMClient.from_settings()
    monkeypatch.delenv("TWOFOLD_LLM_URL")
    assert LLMClient.from_settings() is None
