import json

import pytest
import typer
from typer.testing import CliRunner

from twofold.coach.cli import register


@pytest.fixture(scope="module")
def app():
    root = typer.Typer()

    @root.callback()
    def main() -> None:
        """throwaway root"""

    register(root)
    return root


from twofold.coach.wording import wording

runner = CliRunner()


def test_coach_text_renders_spans_and_rewrite(app):
    result = runner.invoke(app, ["coach", "You never listen to me!", "--to", "avoidant"])
    assert result.exit_code == 0, result.output
    assert "criticism" in result.output and "Relief score" in result.output
    assert any(opener in result.output for opener in wording().openers["avoidant"])


def test_coach_json_output(app):
    result = runner.invoke(app, ["coach", "analyze", "--json", "Thank you for dinner."])
    answer = json.loads(result.output)
    assert answer["labels"] == ["appreciation"]
    assert set(answer) >= {"text", "labels", "findings", "relief_score", "flooding", "rewrite", "safety", "version"}


def test_empty_message_exits_with_error(app):
    result = runner.invoke(app, ["coach", "   "])
    assert result.exit_code == 2


def test_jsonl_stream_reports_bad_lines_and_goes_on(app, tmp_path):
    lines = '{"text": "Whatever."}\nnot json\n{"text": ""}\n{"text": "I love you", "to": "anxious"}\n{"text": "hi", "to": "grumpy"}\n'
    result = runner.invoke(app, ["coach", "--jsonl", "-"], input=lines)
    assert result.exit_code == 1
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert answers[0]["labels"] == ["stonewalling"]
    assert answers[1] == {"line": 2, "error": answers[1]["error"]} and "JSON" in answers[1]["error"]
    assert answers[2]["line"] == 3 and "empty" in answers[2]["error"]
    assert "reassurance" in answers[3]["labels"]
    assert answers[4]["line"] == 5
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "You never help."}\n', encoding="utf-8")
    ok = runner.invoke(app, ["coach", "--jsonl", str(path)])
    assert ok.exit_code == 0 and json.loads(ok.stdout.splitlines()[0])["labels"][0] == "criticism"


def test_eval_is_a_subcommand(app):
    result = runner.invoke(app, ["coach", "eval", "--help"])
    assert result.exit_code == 0 and "held-out" in result.output


def test_prepare_builds_the_int8_encoder_or_says_why_not(app, tmp_path, monkeypatch):
    monkeypatch.setenv("TWOFOLD_COACH_CACHE_DIR", str(tmp_path / "cache"))
    ready = runner.invoke(app, ["coach", "prepare"])
    assert ready.exit_code == 0 and "coach encoder ready" in ready.output
    from twofold.coach.embed import MODEL_DIR, adapter_path

    built = sorted(p.name for p in (tmp_path / "cache").glob("minilm-*.onnx"))
    assert len(built) == (2 if adapter_path(MODEL_DIR) else 1)  # the heads' encoder, and plain MiniLM for eval
    assert ready.output.count("coach encoder ready") == len(built)
    (tmp_path / "blocked").write_text("not a folder")
    monkeypatch.setenv("TWOFOLD_COACH_CACHE_DIR", str(tmp_path / "blocked"))
    failed = runner.invoke(app, ["coach", "prepare"])
    assert failed.exit_code == 1 and "could not build" in failed.output and "int8 encoder" in failed.output


def test_eval_names_the_known_splits_for_an_unknown_one(app):
    result = runner.invoke(app, ["coach", "eval", "--split", "nope"])
    assert result.exit_code == 2 and "unknown split 'nope'" in result.output and "holdout2" in result.output


def test_parallel_jsonl_gives_the_same_answers_in_the_same_order():
    import io

    from twofold.coach.cli import JSONL_BATCH, stream_jsonl
    from twofold.coach.corpus import load_split

    texts = [e.text for e in load_split("train")[: JSONL_BATCH * 3]]
    lines = [json.dumps({"text": t, "to": "secure"}) for t in texts]
    lines[5], lines[40] = "not json", '{"text": "   "}'  # bad lines keep their place
    source = "\n".join(lines) + "\n"
    one, two = io.StringIO(), io.StringIO()
    assert stream_jsonl(io.StringIO(source), one) == 2
    assert stream_jsonl(io.StringIO(source), two, workers=2) == 2
    answers = [json.loads(line) for line in two.getvalue().splitlines()]
    assert len(answers) == len(lines)
    assert answers[5]["line"] == 6 and answers[40]["line"] == 41
    assert [a.get("text") for a in answers if "text" in a] == [t for n, t in enumerate(texts) if n not in (5, 40)]
    assert [a.get("labels") for a in answers] == [json.loads(line).get("labels") for line in one.getvalue().splitlines()]


def test_a_bad_coach_setting_is_one_clear_line(app, monkeypatch):
    monkeypatch.setenv("TWOFOLD_COACH_THREADS", "two")
    result = runner.invoke(app, ["coach", "You never help."])
    assert result.exit_code == 2
    assert "Configuration error: TWOFOLD_COACH_THREADS must be a whole number" in result.output
    assert "Traceback" not in result.output


def test_encoder_threads_setting_is_checked(monkeypatch):
    from twofold.coach import embed

    monkeypatch.setenv("TWOFOLD_COACH_THREADS", "two")
    with pytest.raises(ValueError, match="TWOFOLD_COACH_THREADS must be a whole number"):
        embed.encoder_threads()
    monkeypatch.setenv("TWOFOLD_COACH_THREADS", "1")
    assert embed.encoder_threads() == 1


def test_jsonl_workers_load_their_encoder_on_one_thread():
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    from twofold.coach.cli import _one_encoder_thread
    from twofold.coach.embed import encoder_threads

    before = os.environ.get("TWOFOLD_COACH_THREADS")
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=_one_encoder_thread) as pool:
        assert pool.submit(encoder_threads).result() == 1
    assert os.environ.get("TWOFOLD_COACH_THREADS") == before  # the parent is left as it was


def test_a_possible_safety_concern_prints_a_quiet_note_and_the_coaching(capsys):
    from dataclasses import replace

    from twofold.coach import analyze
    from twofold.coach.cli import _render
    from twofold.safety.resources import POSSIBLE_CONCERN_NOTE

    confirmed = analyze("I can't do this anymore. I just want everything to stop.")
    _render(confirmed)
    shown = capsys.readouterr().out
    assert confirmed.safety.headline in shown and POSSIBLE_CONCERN_NOTE[:30] not in shown
    possible = replace(confirmed, labels=(), findings=())  # resources from the model's lower reading only
    _render(possible)
    shown = capsys.readouterr().out
    assert POSSIBLE_CONCERN_NOTE[:30] in shown and confirmed.safety.headline not in shown and "Relief score" in shown
