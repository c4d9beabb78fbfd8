/* Notify console: small progressive enhancements, no framework, no build.
 * Every page works without this file; with it, previews and counts update live. */
(function () {
  "use strict";

  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function post(url, form) {
    return fetch(url, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, "Accept": "application/json" }
    }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }

  /* Replace a region's HTML only when it changed: unchanged previews keep their
   * rendered email frames and the reader's scroll position and open tab. */
  var last = {};
  function swap(selector, html) {
    var el = document.querySelector(selector);
    if (!el || typeof html !== "string" || last[selector] === html) { return; }
    last[selector] = html;
    el.innerHTML = html;
  }

  function debounce(fn, ms) {
    var timer;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }

  /* Live preview / compose check: forms with data-live-url. */
  document.querySelectorAll("form[data-live-url]").forEach(function (form) {
    var status = form.querySelector("[data-live-status]");
    var seq = 0;
    var run = debounce(function () {
      var mine = ++seq;
      if (status) { status.textContent = "…"; }
      post(form.dataset.liveUrl, form).then(function (data) {
        if (mine !== seq) { return; }
        if (form.dataset.liveTarget) { swap(form.dataset.liveTarget, data.html); }
        if (data.summary_html !== undefined) { swap("#compose-summary", data.summary_html); }
        if (data.preview_html !== undefined) { swap("#compose-preview", data.preview_html); }
        if (data.field_lint) {
          form.querySelectorAll("[data-lint-for]").forEach(function (box) {
            box.innerHTML = data.field_lint[box.dataset.lintFor] || "";
          });
        }
        form.dataset.liveDone = String(mine);
        if (status) { status.textContent = data.message || ""; }
      }).catch(function () {
        if (status && mine === seq) { status.textContent = "⚠"; }
      });
    }, 450);
    form.addEventListener("input", run);
    form.addEventListener("change", function (event) {
      if (event.target.matches("[data-submit-on-change]")) { return; }
      run();
    });
    form.addEventListener("submit", function (event) {
      if (form.dataset.submitting) { event.preventDefault(); return; }
      if (form.method.toLowerCase() === "post") { form.dataset.submitting = "1"; }
    });
  });

  /* Selects that load a new page (e.g. "start from incident #12"). */
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-submit-on-change]") && event.target.form) {
      event.target.form.submit();
    }
  });

  /* Audience mode: show only the inputs for the chosen kind of audience. */
  function syncGroups(name) {
    var checked = document.querySelector('input[data-toggle-group="' + name + '"]:checked');
    document.querySelectorAll('[data-group="' + name + '"]').forEach(function (el) {
      el.hidden = !checked || el.dataset.when !== checked.value;
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.dataset && event.target.dataset.toggleGroup) { syncGroups(event.target.dataset.toggleGroup); }
  });

  /* Tabs (email HTML / plain text), delegated: previews are swapped in live. */
  function selectTab(tab) {
    var list = tab.closest("[role=tablist]");
    list.querySelectorAll("[role=tab]").forEach(function (t) {
      var on = t === tab;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
      var panel = document.getElementById(t.getAttribute("aria-controls"));
      if (panel) { panel.hidden = !on; }
    });
  }
  document.addEventListener("click", function (event) {
    var tab = event.target.closest("[role=tab]");
    if (tab) { selectTab(tab); }
  });
  document.addEventListener("keydown", function (event) {
    var tab = event.target.closest && event.target.closest("[role=tab]");
    if (!tab || (event.key !== "ArrowRight" && event.key !== "ArrowLeft")) { return; }
    var tabs = Array.prototype.slice.call(tab.closest("[role=tablist]").querySelectorAll("[role=tab]"));
    var next = tabs[(tabs.indexOf(tab) + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
    selectTab(next);
    next.focus();
    event.preventDefault();
  });

  /* Confirm before destructive actions. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  /* Live counts: elements with data-poll-url refresh every data-poll-seconds. */
  document.querySelectorAll("[data-poll-url]").forEach(function (box) {
    var seconds = Math.max(1, parseInt(box.dataset.pollSeconds || "3", 10));
    function tick() {
      if (document.hidden) { return; }
      fetch(box.dataset.pollUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
        .then(function (data) {
          box.innerHTML = data.html;
          box.dataset.status = data.status;
          box.dataset.polls = String(parseInt(box.dataset.polls || "0", 10) + 1);
        })
        .catch(function () { /* keep the last figures; try again next tick */ });
    }
    setInterval(tick, seconds * 1000);
  });

  /* Tables wider than the screen say so: a hint above them and a shade at the edge. */
  function markScrollable() {
    var hint = document.body.dataset.scrollHint || "";
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      var prev = wrap.previousElementSibling;
      var shown = prev && prev.classList.contains("scroll-hint");
      wrap.classList.toggle("is-scrollable", scrolls);
      wrap.dataset.scrolls = scrolls ? "true" : "false";
      if (scrolls) { wrap.tabIndex = 0; }
      if (scrolls && !shown) {
        var p = document.createElement("p");
        p.className = "scroll-hint";
        p.textContent = hint;
        wrap.parentNode.insertBefore(p, wrap);
      } else if (!scrolls && shown) {
        prev.remove();
      }
    });
  }
  markScrollable();
  window.addEventListener("resize", markScrollable);
  new MutationObserver(debounce(markScrollable, 100)).observe(document.body, { childList: true, subtree: true });

  /* Move focus to the first error or result so keyboard and screen-reader users land on it. */
  var first = document.querySelector("#form-errors, #verify-result");
  if (first) { first.focus(); }
})();
