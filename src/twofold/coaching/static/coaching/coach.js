// Live coaching: analyse the draft through the API as the person types.
// Builds every node with textContent (never innerHTML) so message text cannot inject markup.
(function () {
  "use strict";
  var form = document.getElementById("coach-form");
  var result = document.getElementById("coach-result");
  if (!form || !result) { return; }
  var textarea = form.querySelector("textarea");
  var select = form.querySelector("select");
  var harmfulLabels = (form.dataset.harmful || "").split(",");
  var safetyLabels = (form.dataset.safety || "").split(",");
  var timer = null;
  var latest = 0;

  function csrfToken() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function highlighted(analysis) {
    var p = el("p", null, "highlighted");
    var bounds = [0, analysis.text.length];
    analysis.findings.forEach(function (f) { bounds.push(f.start, f.end); });
    bounds = bounds.filter(function (b, i, all) { return all.indexOf(b) === i; }).sort(function (a, b) { return a - b; });
    for (var i = 0; i + 1 < bounds.length; i++) {
      var start = bounds[i], end = bounds[i + 1];
      var covering = analysis.findings.filter(function (f) { return f.start <= start && end <= f.end; });
      var piece = analysis.text.slice(start, end);
      if (!covering.length) { p.appendChild(document.createTextNode(piece)); continue; }
      var harmful = covering.some(function (f) { return harmfulLabels.indexOf(f.label) >= 0; });
      var mark = el("mark", piece, harmful ? "harmful" : "helpful");
      mark.title = covering.map(function (f) { return f.label; }).join(", ");
      p.appendChild(mark);
    }
    return p;
  }

  function resourceList(safety) {
    var list = el("ul");
    safety.resources.forEach(function (r) {
      var item = el("li");
      item.appendChild(el("strong", r.name));
      item.appendChild(document.createTextNode(": " + r.how + " (" + r.available + ")"));
      list.appendChild(item);
    });
    return list;
  }

  function render(analysis) {
    result.replaceChildren(el("h2", "What the coach sees"));
    var confirmed = analysis.labels.some(function (label) { return safetyLabels.indexOf(label) >= 0; });
    if (analysis.safety && confirmed) {
      var panel = el("div", null, "safety-panel");
      panel.setAttribute("role", "alert");
      panel.appendChild(el("h3", analysis.safety.headline));
      panel.appendChild(el("p", analysis.safety.message));
      panel.appendChild(resourceList(analysis.safety));
      result.appendChild(panel);
      return;
    }
    if (analysis.safety) {
      var gentle = el("div", null, "safety-panel gentle");
      gentle.setAttribute("role", "note");
      gentle.appendChild(el("p", form.dataset.possibleNote));
      gentle.appendChild(resourceList(analysis.safety));
      result.appendChild(gentle);
    }
    result.appendChild(highlighted(analysis));
    var score = el("p", "Relief score: ");
    score.appendChild(el("strong", String(analysis.relief_score)));
    score.appendChild(document.createTextNode(" / 100"));
    result.appendChild(score);
    if (!analysis.language_supported && analysis.language_note) { result.appendChild(el("p", analysis.language_note, "muted")); }
    var findings = el("ul", null, "findings");
    analysis.findings.forEach(function (f) {
      var item = el("li");
      item.appendChild(el("span", f.label, "badge"));
      item.appendChild(document.createTextNode(" \u201c" + f.text + "\u201d: " + f.explanation));
      findings.appendChild(item);
    });
    result.appendChild(findings);
    if (analysis.flooding) {
      var pause = el("p", "This reads as heated. A break of twenty minutes or more can help before sending. ", "pause-suggestion");
      pause.setAttribute("role", "status");
      if (form.dataset.pauseUrl) {
        var link = el("a", "Take a break");
        link.href = form.dataset.pauseUrl;
        pause.appendChild(link);
      }
      result.appendChild(pause);
    }
    if (analysis.rewrite) {
      result.appendChild(el("h3", "Gentler ways to say it"));
      var variants = el("ol", null, "variants");
      analysis.rewrite.variants.forEach(function (variant) {
        var item = el("li", variant + " ");
        var use = el("button", "Use this", "secondary");
        use.type = "button";
        use.addEventListener("click", function () { textarea.value = variant; schedule(); textarea.focus(); });
        item.appendChild(use);
        variants.appendChild(item);
      });
      result.appendChild(variants);
    }
  }

  function analyse() {
    var text = textarea.value;
    if (!text.trim()) { result.replaceChildren(el("h2", "What the coach sees"), el("p", "Start typing to see the coach's reading.", "muted")); return; }
    var ticket = ++latest;
    var body = { text: text };
    if (select && select.value) { body.to = select.value; }
    fetch(form.dataset.api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (answer) {
      if (ticket !== latest) { return; }
      if (!answer.ok) {
        var detail = typeof answer.data.detail === "string" ? answer.data.detail : "The coach could not read this draft.";
        result.replaceChildren(el("h2", "What the coach sees"), el("p", detail, "error"));
        return;
      }
      render(answer.data);
    });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(analyse, 350);
  }

  textarea.addEventListener("input", schedule);
  if (select) { select.addEventListener("change", schedule); }
})();
