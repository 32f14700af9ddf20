// Paced breathing (default 4 s in, 6 s out) and break countdowns. No inline scripts: CSP allows 'self' only.
(function () {
  "use strict";

  function startBreathing(circle) {
    var inhale = Number(circle.dataset.inhale || 4);
    var exhale = Number(circle.dataset.exhale || 6);
    var text = circle.parentElement.querySelector(".breath-text");
    var breathingIn = true;
    function step() {
      var seconds = breathingIn ? inhale : exhale;
      circle.classList.toggle("inhale", breathingIn);
      circle.classList.toggle("exhale", !breathingIn);
      circle.style.setProperty("--breath-seconds", seconds + "s");
      if (text) { text.textContent = (breathingIn ? "Breathe in… " : "Breathe out… ") + seconds + " seconds"; }
      breathingIn = !breathingIn;
      window.setTimeout(step, seconds * 1000);
    }
    step();
  }

  function format(ms) {
    var total = Math.ceil(ms / 1000);
    var minutes = Math.floor(total / 60);
    var seconds = total % 60;
    return minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
  }

  // Count down to the ISO time in data-countdown-until; call again when it changes.
  function startCountdown(element) {
    if (element._countdown) { window.clearInterval(element._countdown); }
    var until = Date.parse(element.dataset.countdownUntil || "");
    if (isNaN(until)) { return; }
    function tick() {
      var left = until - Date.now();
      if (left <= 0) {
        element.textContent = element.dataset.doneText || "";
        window.clearInterval(element._countdown);
        element.dispatchEvent(new CustomEvent("countdown-done", { bubbles: true }));
        return;
      }
      element.textContent = format(left) + " left of the break";
    }
    tick();
    element._countdown = window.setInterval(tick, 1000);
  }

  window.twofoldPause = { startCountdown: startCountdown };
  document.querySelectorAll("[data-breathing]").forEach(startBreathing);
  document.querySelectorAll("[data-countdown-until]").forEach(startCountdown);
})();
