// The compose and policy views. Plain DOM: text from the service is only ever set as text.
"use strict";
(function () {
  var DEBOUNCE_MS = 350;
  var CONTEXT = 220; // characters of the policy shown around a cited sentence
  var state = { packs: [], pack: null, detail: null, docs: {}, token: null, timer: null, inflight: null, seq: 0 };

  var ACCOUNTS = {
    toronto: [
      ["officer", "A member's personal account (officer, identifies as police)", {
        handle: "@officer.jo", owner: { organisation: "tps", role: "officer" }, identifies_as_member: true }],
      ["civilian", "A member's personal account (civilian member)", {
        handle: "@jo.civilian", owner: { organisation: "tps", role: "civilian" }, identifies_as_member: true }],
      ["official", "An official, approved Service account", {
        handle: "@TPSCommunity", official: true, approved: true,
        owner: { organisation: "tps", role: "civilian" }, identifies_as_member: true }]
    ],
    edmonton: [
      ["commissioner", "A Commissioner's personal account (identifies as a Commissioner)", {
        handle: "@commissioner.lee", owner: { organisation: "epc", role: "commissioner" },
        identifies_as_member: true }],
      ["official", "The Commission's official account", {
        handle: "@YEGPoliceComm", official: true, approved: true,
        owner: { organisation: "epc", role: "commission_staff" }, identifies_as_member: true }]
    ]
  };

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function setStatus(text, isError) {
    var s = $("status");
    s.textContent = text || "";
    s.className = "status" + (isError ? " error" : "");
  }

  try { state.token = window.sessionStorage.getItem("socialpolicy-token"); } catch (e) { state.token = null; }

  function api(path, options) {
    options = options || {};
    var headers = options.headers || {};
    if (state.token) headers["Authorization"] = "Bearer " + state.token;
    options.headers = headers;
    return fetch(path, options).then(function (res) {
      if (res.status === 401) {
        $("auth").hidden = false;
        $("token").focus();
        throw new Error("This service needs an access token.");
      }
      return res.json().then(function (body) {
        if (!res.ok) {
          var where = body.location && body.location.field ? " (" + body.location.field + ")" : "";
          throw new Error((body.detail || res.statusText) + where + (body.code ? " [" + body.code + "]" : ""));
        }
        return body;
      });
    });
  }

  // Split `text` at every span boundary; each piece knows which spans cover it.
  function segments(text, spans) {
    var cuts = [0, text.length];
    spans.forEach(function (s) { cuts.push(s.start, s.end); });
    cuts = cuts.filter(function (c) { return c >= 0 && c <= text.length; })
      .sort(function (a, b) { return a - b; })
      .filter(function (c, i, all) { return i === 0 || c !== all[i - 1]; });
    var out = [];
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1];
      out.push({ start: a, end: b, text: text.slice(a, b),
        covers: spans.filter(function (s) { return s.start <= a && b <= s.end; }) });
    }
    return out;
  }

  function rank(level) { return { advice: 1, review: 2, violation: 3 }[level] || 0; }

  // ---- compose ---------------------------------------------------------------------------
  function fillAccounts() {
    var sel = $("account");
    var keep = sel.value;
    sel.textContent = "";
    var assumed = state.detail ? " (judged as " + state.detail.assumed_account.handle + ", the pack's assumed member)" : "";
    sel.appendChild(new Option("No account given" + assumed, ""));
    (ACCOUNTS[state.pack] || []).forEach(function (a) { sel.appendChild(new Option(a[1], a[0])); });
    sel.appendChild(new Option("Another account (JSON)…", "custom"));
    if (Array.prototype.some.call(sel.options, function (o) { return o.value === keep; })) sel.value = keep;
    $("custom-account-field").hidden = sel.value !== "custom";
  }

  function chosenAccount() {
    var v = $("account").value;
    if (!v) return null;
    if (v === "custom") return JSON.parse($("custom-account").value || "null");
    var found = (ACCOUNTS[state.pack] || []).filter(function (a) { return a[0] === v; })[0];
    return found ? found[2] : null;
  }

  function schedule() {
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(evaluateDraft, DEBOUNCE_MS);
  }

  function evaluateDraft() {
    var text = $("draft").value;
    if (!state.pack) return;
    if (!text.trim()) { showDecision(null, ""); setStatus(""); return; }
    var account;
    try { account = chosenAccount(); } catch (e) { setStatus("The account is not valid JSON: " + e.message, true); return; }
    var body = { post: { id: "draft", text: text, created_at: new Date().toISOString() } };
    if (account) body.account = account;
    if (state.inflight) state.inflight.abort();
    var ctrl = new AbortController();
    state.inflight = ctrl;
    var seq = ++state.seq;
    setStatus("Checking…");
    api("/v1/packs/" + encodeURIComponent(state.pack) + "/evaluate", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body), signal: ctrl.signal
    }).then(function (decision) {
      if (seq !== state.seq) return;
      setStatus("Checked against " + decision.pack.id + " " + decision.pack.version + ".");
      showDecision(decision, text);
    }).catch(function (err) {
      if (err.name === "AbortError") return;
      setStatus(err.message, true);
    });
  }

  var VERDICT_TEXT = {
    pass: "Pass: nothing in this draft goes against the policy.",
    advice: "Advice: the policy has guidance for a post like this.",
    review: "Review: a person should confirm before this is posted.",
    violation: "Violation: this draft breaks the policy as written."
  };

  function showDecision(d, text) {
    var v = $("verdict"), list = $("findings"), view = $("highlighted");
    list.textContent = ""; view.textContent = "";
    if (!d) { v.className = "verdict"; v.textContent = ""; return; }
    v.className = "verdict " + d.verdict;
    v.textContent = VERDICT_TEXT[d.verdict] + (d.account_assumed ? " (No account given: judged as the pack's assumed member.)" : "");
    // Mark each finding's evidence in the draft (spans index the text as typed).
    var spans = [];
    d.findings.forEach(function (f, i) {
      f.evidence.forEach(function (ev) {
        if (ev.field === "text" && ev.span) spans.push({ start: ev.span.start, end: ev.span.end, level: f.level, index: i });
      });
    });
    segments(text, spans).forEach(function (seg) {
      if (!seg.covers.length) { view.appendChild(document.createTextNode(seg.text)); return; }
      var top = seg.covers.slice().sort(function (a, b) { return rank(b.level) - rank(a.level); })[0];
      var m = el("mark", top.level, seg.text);
      m.title = seg.covers.map(function (c) { return d.findings[c.index].rule_id; }).join(", ");
      view.appendChild(m);
    });
    if (!d.findings.length) list.appendChild(el("li", "empty", "No findings."));
    d.findings.forEach(function (f) { list.appendChild(findingItem(f)); });
    d.notes.forEach(function (n) { list.appendChild(el("li", "empty", n)); });
  }

  function findingItem(f) {
    var li = el("li", "finding " + f.level);
    var h = el("h3");
    h.appendChild(el("span", "badge " + f.level, f.level));
    h.appendChild(document.createTextNode(f.message));
    li.appendChild(h);
    li.appendChild(el("p", "meta", "Rule " + f.rule_id + " version " + f.rule_version + " · " +
      f.determinacy + " · clause " + f.clause_ids.join(", ")));
    var dl = el("dl");
    dl.appendChild(el("dt", null, "What to do"));
    dl.appendChild(el("dd", null, f.remediation));
    dl.appendChild(el("dt", null, "Determinacy"));
    dl.appendChild(el("dd", null, f.determinacy === "deterministic"
      ? "deterministic: the pattern is a breach by itself"
      : "heuristic: a detector's judgement a person should confirm"));
    var found = f.evidence.map(function (e) { return e.text ? "“" + e.text + "” (" + e.field + ")" : e.field; })
      .filter(function (t, i, all) { return all.indexOf(t) === i; });
    if (found.length) {
      dl.appendChild(el("dt", null, "Found"));
      dl.appendChild(el("dd", null, found.join("; ")));
    }
    li.appendChild(dl);
    f.citations.forEach(function (c) { li.appendChild(citationBlock(c)); });
    return li;
  }

  function citationBlock(c) {
    var box = el("blockquote", "cite");
    box.appendChild(el("span", "section", c.section + " (" + c.document_id + ", characters " + c.span.start + "–" + c.span.end + ")"));
    var body = el("span", "passage");
    box.appendChild(body);
    loadDocument(c.document_id).then(function (doc) {
      var t = doc.text;
      var a = Math.max(0, c.span.start - CONTEXT), b = Math.min(t.length, c.span.end + CONTEXT);
      a = t.lastIndexOf("\n", c.span.start) >= a ? t.lastIndexOf("\n", c.span.start) + 1 : a;
      var nl = t.indexOf("\n", c.span.end);
      b = nl !== -1 && nl <= b ? nl : b;
      body.appendChild(document.createTextNode((a > 0 ? "…" : "") + t.slice(a, c.span.start)));
      body.appendChild(el("mark", "cited", t.slice(c.span.start, c.span.end)));
      body.appendChild(document.createTextNode(t.slice(c.span.end, b) + (b < t.length ? "…" : "")));
    }).catch(function () { body.appendChild(el("mark", "cited", c.quote)); });
    return box;
  }

  function loadDocument(id) {
    var key = state.pack + "/" + id;
    if (!state.docs[key]) {
      state.docs[key] = api("/v1/packs/" + encodeURIComponent(state.pack) + "/documents/" + encodeURIComponent(id));
    }
    return state.docs[key];
  }

  // ---- policy ----------------------------------------------------------------------------
  function showPolicy() {
    var d = state.detail;
    if (!d) return;
    $("policy-meta").textContent = d.title + " — " + d.issuer + " · pack version " + d.version + " · " + d.digest.slice(0, 19) + "…";
    var cov = $("coverage");
    cov.textContent = "";
    Object.keys(d.coverage.by_checked_by).forEach(function (k) {
      cov.appendChild(el("span", null, d.coverage.by_checked_by[k] + " checked on " + k));
    });
    cov.appendChild(el("span", null, d.coverage.checkable_with_rules + " of " + d.coverage.checkable + " checkable clauses have rules"));
    var docSel = $("document");
    docSel.textContent = "";
    d.documents.forEach(function (doc) { docSel.appendChild(new Option(doc.title, doc.id)); });
    var list = $("clause-list");
    list.textContent = "";
    d.clauses.forEach(function (c) { list.appendChild(new Option(c.id + " — " + c.heading, c.id)); });
    renderDocument(docSel.value).then(function () {
      var wanted = (location.hash || "").slice(1);
      selectClause(d.clauses.some(function (c) { return c.id === wanted; }) ? wanted : d.clauses[0].id, false);
    });
  }

  function renderDocument(docId) {
    var box = $("doc-text");
    box.textContent = "Loading…";
    return loadDocument(docId).then(function (doc) {
      box.textContent = "";
      var spans = [];
      state.detail.clauses.forEach(function (c) {
        if (c.document_id === docId && c.span) spans.push({ start: c.span.start, end: c.span.end, clause: c.id, quote: false });
        c.citations.forEach(function (cit) {
          if (cit.document_id === docId) spans.push({ start: cit.span.start, end: cit.span.end, clause: c.id, quote: true });
        });
      });
      segments(doc.text, spans).forEach(function (seg) {
        if (!seg.covers.length) { box.appendChild(document.createTextNode(seg.text)); return; }
        var ids = seg.covers.map(function (s) { return s.clause; })
          .filter(function (x, i, all) { return all.indexOf(x) === i; });
        var quoted = seg.covers.some(function (s) { return s.quote; });
        var m = el("mark", "clause" + (quoted ? " quoted" : ""), seg.text);
        m.dataset.clause = ids[0];
        m.title = "Clause " + ids.join(", ") + (quoted ? " (a sentence its rules cite)" : "");
        box.appendChild(m);
      });
      // One keyboard stop per clause: its first passage.
      var seen = {};
      Array.prototype.forEach.call(box.querySelectorAll("mark.clause"), function (m) {
        if (seen[m.dataset.clause]) return;
        seen[m.dataset.clause] = true;
        m.tabIndex = 0;
        m.setAttribute("role", "button");
        m.setAttribute("aria-label", "Clause " + m.dataset.clause + ": show its rules");
      });
    }).catch(function (err) { box.textContent = ""; setStatus(err.message, true); });
  }

  function selectClause(id, focusPanel) {
    var c = state.detail.clauses.filter(function (x) { return x.id === id; })[0];
    if (!c) return;
    $("clause-list").value = id;
    if (history.replaceState) history.replaceState(null, "", "/policy#" + id);
    var marks = document.querySelectorAll("#doc-text mark.clause");
    var first = null;
    Array.prototype.forEach.call(marks, function (m) {
      var on = m.dataset.clause === id;
      m.classList.toggle("selected", on);
      if (on && !first) first = m;
    });
    if (first) {
      // Scroll the document box only, not the page.
      var box = $("doc-text");
      box.scrollTop = Math.max(0, first.offsetTop - box.clientHeight / 3);
    }
    var p = $("clause-panel");
    p.textContent = "";
    p.appendChild(el("h2", null, c.id + " — " + c.heading));
    p.appendChild(el("p", "meta", "modality " + c.modality + " · checked on " + c.checked_by +
      (c.binds.roles.length ? " · binds " + c.binds.roles.join(", ") : "")));
    if (c.check_note) p.appendChild(el("p", "help", c.check_note));
    if (!c.rules.length) p.appendChild(el("p", "empty", "No rule checks this clause."));
    var ids = c.rules.map(function (r) { return r.id; }).filter(function (x, i, all) { return all.indexOf(x) === i; });
    ids.forEach(function (rid) {
      var box = el("section", "rule");
      box.setAttribute("aria-label", "Rule " + rid);
      p.appendChild(box);
      api("/v1/packs/" + encodeURIComponent(state.pack) + "/rules/" + encodeURIComponent(rid)).then(function (rv) {
        rv.versions.forEach(function (r) { box.appendChild(ruleVersion(r)); });
      }).catch(function (err) { box.appendChild(el("p", "empty", err.message)); });
    });
    if (focusPanel) p.focus();
  }

  function ruleVersion(r) {
    var wrap = el("div");
    var h = el("h3");
    h.appendChild(el("span", "badge " + r.level, r.level));
    h.appendChild(document.createTextNode(r.id + " " + r.version));
    wrap.appendChild(h);
    wrap.appendChild(el("p", "meta", r.title + " · " + r.determinacy + " · in force " + r.effective_from +
      " to " + (r.effective_to || "now") + (r.scope === "account" ? " · checks the account" : "")));
    if (r.change) wrap.appendChild(el("p", "help", "Change: " + r.change));
    wrap.appendChild(el("p", null, r.message));
    var ul = el("ul");
    var add = function (kind, ex) {
      var shown = ex.text !== null && ex.text !== undefined ? ex.text : (ex.post ? ex.post.text : "");
      var who = ex.account ? " (account " + ex.account.handle + ")" : "";
      ul.appendChild(el("li", null, kind + ": “" + shown + "”" + who + (ex.note ? " — " + ex.note : "")));
    };
    r.examples.fires.forEach(function (ex) { add("Fires on", ex); });
    r.examples.passes.forEach(function (ex) { add("Quiet on", ex); });
    if (ul.childNodes.length) {
      wrap.appendChild(el("p", "meta", "Examples (run as tests):"));
      wrap.appendChild(ul);
    }
    return wrap;
  }

  // ---- start -----------------------------------------------------------------------------
  function view() { return location.pathname.replace(/\/+$/, "") === "/policy" ? "policy" : "compose"; }

  function loadPack(name) {
    state.pack = name;
    state.detail = null;
    return api("/v1/packs/" + encodeURIComponent(name)).then(function (d) {
      state.detail = d;
      fillAccounts();
      if (view() === "policy") showPolicy(); else schedule();
    });
  }

  function start() {
    var v = view();
    $("compose").hidden = v !== "compose";
    $("policy").hidden = v !== "policy";
    $("nav-" + v).setAttribute("aria-current", "page");
    document.title = (v === "policy" ? "Policy" : "Compose") + " — socialpolicy";
    setStatus("Loading the packs…");
    api("/v1/packs").then(function (packs) {
      state.packs = packs;
      var sel = $("pack");
      sel.textContent = "";
      packs.forEach(function (p) { sel.appendChild(new Option(p.title, p.id)); });
      var fromUrl = new URLSearchParams(location.search).get("pack");
      if (fromUrl && packs.some(function (p) { return p.id === fromUrl; })) sel.value = fromUrl;
      setStatus("");
      return loadPack(sel.value);
    }).catch(function (err) { setStatus(err.message, true); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    $("draft").addEventListener("input", schedule);
    $("account").addEventListener("change", function () {
      $("custom-account-field").hidden = $("account").value !== "custom";
      if ($("account").value === "custom" && !$("custom-account").value) {
        var base = (ACCOUNTS[state.pack] || [])[0];
        $("custom-account").value = JSON.stringify(base ? base[2] : { handle: "@me", owner: { organisation: "other", role: "other" } }, null, 2);
      }
      schedule();
    });
    $("custom-account").addEventListener("input", schedule);
    $("pack").addEventListener("change", function () { loadPack($("pack").value).catch(function (err) { setStatus(err.message, true); }); });
    $("document").addEventListener("change", function () { renderDocument($("document").value); });
    $("clause-list").addEventListener("change", function () { selectClause($("clause-list").value, false); });
    $("doc-text").addEventListener("click", function (e) {
      var m = e.target.closest ? e.target.closest("mark.clause") : null;
      if (m) selectClause(m.dataset.clause, false);
    });
    $("doc-text").addEventListener("keydown", function (e) {
      var m = e.target.closest ? e.target.closest("mark.clause") : null;
      if (m && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); selectClause(m.dataset.clause, true); }
    });
    $("clause-panel").tabIndex = -1;
    $("auth-form").addEventListener("submit", function (e) {
      e.preventDefault();
      state.token = $("token").value.trim();
      try { window.sessionStorage.setItem("socialpolicy-token", state.token); } catch (err) { /* private mode */ }
      $("auth").hidden = true;
      state.docs = {};
      start();
    });
    start();
  });
})();
