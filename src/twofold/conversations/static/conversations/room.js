// The lean-in room: one WebSocket, the server sends this person's whole view after every change.
(function () {
  "use strict";
  var room = document.getElementById("room");
  if (!room) { return; }
  var $ = function (id) { return document.getElementById(id); };
  var socket = null;
  var retries = 0;
  var lastView = null;

  var KIND = {
    topic: "chose the topic", roles: "set who speaks first", share: "shared", reflection: "reflected back",
    heard: "feels heard", not_yet: "does not feel heard yet", pause: "asked for a pause", resume: "resumed",
    end: "ended the conversation"
  };

  function show(id, visible) { $(id).hidden = !visible; }

  function send(frame) {
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      showError("Not connected yet; trying again in a moment.");
      return;
    }
    show("room-error", false);
    socket.send(JSON.stringify(frame));
  }

  function showError(text) {
    $("room-error").textContent = text;
    show("room-error", true);
  }

  function nameOf(view, id) { return id === view.me ? "You" : (view.names[id] || "Your partner"); }

  function renderTurns(view) {
    var list = $("turns");
    list.textContent = "";
    view.turns.forEach(function (turn) {
      var item = document.createElement("li");
      item.dataset.kind = turn.kind;
      if (turn.private) { item.className = "private"; }
      var who = document.createElement("strong");
      who.textContent = nameOf(view, turn.author);
      item.appendChild(who);
      var what = turn.kind === "roles" ? " set who speaks first: " + nameOf(view, turn.text)
        : " " + (KIND[turn.kind] || turn.kind) + (turn.text ? ": " : "");
      item.appendChild(document.createTextNode(what));
      if (turn.text && turn.kind !== "roles") {
        var text = document.createElement("q");
        text.textContent = turn.text;
        item.appendChild(text);
      }
      if (turn.accepted === false) { item.appendChild(document.createTextNode(" (only you see this try)")); }
      if (turn.private) { item.appendChild(document.createTextNode(" (only you see this)")); }
      list.appendChild(item);
    });
  }

  function renderPause(view) {
    var paused = view.phase === "paused";
    show("pause-panel", paused);
    if (!paused) { return; }
    var countdown = $("pause-countdown");
    if (view.return_at) {
      var back = new Date(view.return_at);
      $("pause-text").textContent = (view.paused_by === view.me ? "You" : nameOf(view, view.paused_by)) +
        " asked for a break. Agreed time to come back: " + back.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) + ".";
      countdown.dataset.countdownUntil = view.ready_at;
      show("pause-countdown", true);
      if (window.twofoldPause) { window.twofoldPause.startCountdown(countdown); }
      show("resume-button", true);
    } else {
      $("pause-text").textContent = "The conversation is paused.";
      show("pause-countdown", false);
      show("resume-button", false);
    }
  }

  function renderSummary(summary) {
    show("summary", !!summary);
    if (!summary) { return; }
    var lines = [
      summary.complete ? "Both of you felt heard." : "Ended before both felt heard.",
      "Felt heard: " + (summary.felt_heard.join(", ") || "no one yet"),
      "Turns: " + summary.turns + " over " + summary.minutes + " minute(s)",
      "Positive to negative moves: " + summary.positive + " to " + summary.negative + " (" + summary.ratio + ")"
    ];
    if (summary.turning_point) { lines.push("The turning point: " + summary.turning_point); }
    summary.flagged.forEach(function (line) { lines.push("Look again at: " + line); });
    var list = $("summary-lines");
    list.textContent = "";
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
  }

  function render(view, summary) {
    lastView = view;
    var over = view.phase === "complete" || view.phase === "ended";
    var mine = view.your_turn;
    renderTurns(view);
    $("prompt").textContent = view.prompt;
    show("prompt", !!view.prompt);
    show("topic-form", view.phase === "topic");
    show("roles-step", view.phase === "roles");
    show("share-form", view.phase === "sharing" && mine);
    show("reflect-form", view.phase === "reflecting" && mine);
    show("confirm-step", view.phase === "confirming" && mine);
    var waiting = {
      sharing: "Listen: " + nameOf(view, view.speaker) + " is sharing.",
      reflecting: nameOf(view, view.listener) + " is reflecting back what they heard.",
      confirming: "Waiting: does " + nameOf(view, view.speaker) + " feel heard?"
    }[view.phase];
    $("waiting").textContent = waiting || "";
    show("waiting", !!waiting && !mine);
    show("pause-form", !over && view.phase !== "paused");
    show("end-button", !over);
    renderPause(view);
    renderSummary(summary);
    var role = view.your_role ? "You are the " + view.your_role + "." : "";
    $("room-status").textContent = over ? (view.phase === "complete" ? "Complete: both of you felt heard." : "This conversation has ended.")
      : (view.topic ? "Topic: " + view.topic + ". " : "") + role;
  }

  function renderSafety(resources) {
    $("safety-message").textContent = resources.message;
    var list = $("safety-resources");
    list.textContent = "";
    resources.resources.forEach(function (resource) {
      var item = document.createElement("li");
      item.textContent = resource.name + ": " + resource.how + " " + resource.contact + " (" + resource.available + ")";
      list.appendChild(item);
    });
    show("safety", true);
  }

  function renderNudges(nudges) {
    var list = $("coach-nudges");
    list.textContent = "";
    nudges.forEach(function (nudge) {
      var item = document.createElement("li");
      item.textContent = (nudge.text ? "\u201c" + nudge.text + "\u201d: " : "") + nudge.explanation;
      list.appendChild(item);
    });
    show("coach", nudges.length > 0);
  }

  function onMessage(event) {
    var message = JSON.parse(event.data);
    if (message.type === "state") { render(message.view, message.summary || null); }
    else if (message.type === "error") { showError(message.reason.charAt(0).toUpperCase() + message.reason.slice(1) + "."); }
    else if (message.type === "safety") { renderSafety(message.resources); }
    else if (message.type === "coach") { renderNudges(message.nudges); }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + room.dataset.socket);
    socket.addEventListener("open", function () { retries = 0; });
    socket.addEventListener("message", onMessage);
    socket.addEventListener("close", function (event) {
      if (event.code === 4404) { return; }
      $("room-status").textContent = "Connection lost; reconnecting…";
      retries += 1;
      window.setTimeout(connect, Math.min(1000 * retries, 10000));
    });
  }

  function submitText(formId, inputId, action, field) {
    $(formId).addEventListener("submit", function (event) {
      event.preventDefault();
      var frame = { action: action };
      frame[field] = $(inputId).value;
      send(frame);
      $(inputId).value = "";
    });
  }

  submitText("topic-form", "topic-input", "topic", "topic");
  submitText("share-form", "share-input", "share", "text");
  submitText("reflect-form", "reflect-input", "reflect", "text");
  $("pause-form").addEventListener("submit", function (event) {
    event.preventDefault();
    send({ action: "pause", return_in_minutes: Number($("pause-minutes").value) });
  });
  room.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button) { return; }
    var frame = { action: button.dataset.action };
    if (button.dataset.speaker) { frame.speaker = button.dataset.speaker; }
    if (frame.action === "share" || frame.action === "reflect") { return; }
    send(frame);
  });
  room.addEventListener("countdown-done", function () { if (lastView) { show("resume-button", true); } });
  connect();
})();
