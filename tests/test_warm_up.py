"""`twofold serve` has each server process load the coach at start, so no user waits for it."""

import importlib
import logging

from twofold.coach import pipeline


def test_the_warm_up_loads_the_default_pipeline_on_a_daemon_thread():
    thread = pipeline.warm_up_in_background()
    assert thread.daemon and thread.name == "coach-warm-up"
    thread.join(timeout=60)
    assert not thread.is_alive() and pipeline.DEFAULT_COMPONENTS in pipeline._pipelines


def test_a_failed_warm_up_is_logged_and_leaves_loading_to_the_first_analysis(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("model files unreadable")

    monkeypatch.setattr(pipeline, "analyze", broken)
    with caplog.at_level(logging.WARNING, logger="twofold.coach.pipeline"):
        pipeline.warm_up_in_background().join(timeout=10)
    assert "coach warm-up failed" in caplog.text


def test_the_server_app_warms_the_coach_only_when_serve_asks(monkeypatch):
    monkeypatch.setenv("TWOFOLD_SECRET_KEY", "a-test-secret-that-is-long-enough-for-the-settings-check-0123")
    import twofold.asgi

    started: list[bool] = []
    monkeypatch.setattr(pipeline, "warm_up_in_background", lambda: started.append(True))
    monkeypatch.delenv(pipeline.WARM_UP_FLAG, raising=False)
    importlib.reload(twofold.asgi)
    assert started == []
    monkeypatch.setenv(pipeline.WARM_UP_FLAG, "1")
    importlib.reload(twofold.asgi)
    assert started == [True]
