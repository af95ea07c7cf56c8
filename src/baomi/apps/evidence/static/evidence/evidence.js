/* Baomi evidence: hash material in the browser (Web Crypto SHA-256) and send only digests.
 *
 * File inputs on these pages have no `name`, so the browser never uploads their content;
 * this script reads each file in chunks (for the progress bar), digests it with
 * crypto.subtle.digest and writes names, digests and sizes into a hidden field.
 * Web Crypto digests a whole ArrayBuffer at once, so one file may be at most MAX_FILE bytes.
 */
(function () {
  "use strict";
  var CHUNK = 8 * 1024 * 1024;
  var MAX_FILE = 512 * 1024 * 1024;

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }

  /* Spec §1: folder parts are ordered by relative path, compared by Unicode code point
   * (JavaScript's default sort compares UTF-16 code units, which differs above U+FFFF). */
  function byCodePoint(a, b) {
    var x = Array.from(a.name), y = Array.from(b.name);
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      var d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d !== 0) return d;
    }
    return x.length - y.length;
  }

  function entriesOf(fileList, folder) {
    var list = Array.from(fileList).map(function (f) {
      var rel = f.webkitRelativePath || f.name;
      var cut = rel.indexOf("/");
      if (folder && f.webkitRelativePath && cut >= 0) rel = rel.slice(cut + 1);
      return { name: rel, file: f };
    });
    list.sort(byCodePoint);
    return list;
  }

  async function readWhole(file, onBytes) {
    var out = new Uint8Array(file.size);
    for (var off = 0; off < file.size; off += CHUNK) {
      var buf = await file.slice(off, off + CHUNK).arrayBuffer();
      out.set(new Uint8Array(buf), off);
      onBytes(buf.byteLength);
    }
    return out;
  }

  async function hashEntries(entries, ui) {
    var total = entries.reduce(function (s, e) { return s + e.file.size; }, 0) || 1;
    var done = 0;
    var parts = [];
    for (var i = 0; i < entries.length; i++) {
      var e = entries[i];
      if (e.file.size > MAX_FILE) throw new Error(ui.msg("tooLarge").replace("{name}", e.name));
      ui.status(ui.msg("hashing").replace("{name}", e.name) + " (" + (i + 1) + "/" + entries.length + ")");
      var data = await readWhole(e.file, function (n) { done += n; ui.progress(done / total); });
      var digest = await crypto.subtle.digest("SHA-256", data);
      parts.push({ name: e.name, sha256: hex(digest), size: e.file.size });
    }
    ui.progress(1);
    return parts;
  }

  async function hashText(text) {
    var bytes = new TextEncoder().encode(text);
    var digest = await crypto.subtle.digest("SHA-256", bytes);
    return [{ name: "text", sha256: hex(digest), size: bytes.length }];
  }

  function makeUI(form) {
    var bar = form.querySelector("[data-ev-progress]");
    var status = form.querySelector("[data-ev-status]");
    var preview = form.querySelector("[data-ev-preview]");
    return {
      msg: function (key) { return form.dataset["msg" + key.charAt(0).toUpperCase() + key.slice(1)] || key; },
      progress: function (f) { if (bar) { bar.hidden = false; bar.value = Math.round(f * 1000); } },
      status: function (t, bad) {
        if (status) { status.textContent = t; status.classList.toggle("ev-bad", !!bad); }
      },
      show: function (parts) {
        if (!preview) return;
        preview.innerHTML = "";
        parts.slice(0, 50).forEach(function (p) {
          var tr = document.createElement("tr");
          [p.name, p.sha256, String(p.size)].forEach(function (v, j) {
            var td = document.createElement("td");
            td.textContent = v;
            if (j === 1) td.className = "code";
            tr.appendChild(td);
          });
          preview.appendChild(tr);
        });
        if (parts.length > 50) {
          var tr = document.createElement("tr");
          var td = document.createElement("td");
          td.colSpan = 3;
          td.className = "muted";
          td.textContent = "… +" + (parts.length - 50);
          tr.appendChild(td);
          preview.appendChild(tr);
        }
        preview.closest("table").hidden = parts.length === 0;
      },
    };
  }

  function webCryptoMissing(form, ui) {
    if (window.crypto && window.crypto.subtle) return false;
    ui.status(ui.msg("noCrypto"), true);
    Array.from(form.querySelectorAll("button[type=submit]")).forEach(function (b) { b.disabled = true; });
    return true;
  }

  /* Registration page: hash on selection, show the digests, submit only digests. */
  function setupRegister(form) {
    var ui = makeUI(form);
    if (webCryptoMissing(form, ui)) return;
    var hidden = form.querySelector("input[name=parts]");
    var submit = form.querySelector("button[type=submit]");
    var text = form.querySelector("[data-ev-text]");
    var busy = false;
    var ready = !!hidden.value;

    function kind() {
      var checked = form.querySelector("input[name=kind]:checked, select[name=kind]");
      return checked ? checked.value : "file";
    }
    function showSections() {
      var k = kind();
      Array.from(form.querySelectorAll("[data-ev-for]")).forEach(function (el) {
        el.hidden = el.dataset.evFor.split(" ").indexOf(k) < 0;
      });
    }
    function reset() {
      hidden.value = "";
      ready = false;
      ui.show([]);
      ui.status("");
    }
    async function run(producer) {
      busy = true;
      submit.disabled = true;
      try {
        var parts = await producer();
        if (!parts.length) { reset(); return; }
        hidden.value = JSON.stringify(parts);
        ready = true;
        ui.show(parts);
        ui.status(ui.msg("ready").replace("{n}", parts.length));
      } catch (err) {
        reset();
        ui.status(err.message || String(err), true);
      } finally {
        busy = false;
        submit.disabled = false;
      }
    }
    Array.from(form.querySelectorAll("input[name=kind]")).forEach(function (r) {
      r.addEventListener("change", function () { showSections(); reset(); });
    });
    Array.from(form.querySelectorAll("input[type=file][data-ev-pick]")).forEach(function (input) {
      input.addEventListener("change", function () {
        var folder = input.hasAttribute("webkitdirectory");
        var entries = entriesOf(input.files, folder);
        if (kind() === "file" && entries.length !== 1) { reset(); return; }
        run(function () { return hashEntries(entries, ui); });
      });
    });
    if (text) {
      text.addEventListener("input", function () { reset(); });
    }
    form.addEventListener("submit", function (event) {
      if (busy) { event.preventDefault(); return; }
      if (kind() === "text") {
        event.preventDefault();
        if (!text.value) { ui.status(ui.msg("empty"), true); return; }
        hashText(text.value).then(function (parts) {
          hidden.value = JSON.stringify(parts);
          ui.show(parts);
          form.submit();
        });
        return;
      }
      if (!ready) { event.preventDefault(); ui.status(ui.msg("empty"), true); }
    });
    showSections();
  }

  /* Verification page: the receipt is uploaded; the material is only hashed here. */
  function setupVerify(form) {
    var ui = makeUI(form);
    if (webCryptoMissing(form, ui)) return;
    var hidden = form.querySelector("input[name=digests]");
    var submit = form.querySelector("button[type=submit]");
    Array.from(form.querySelectorAll("input[type=file][data-ev-pick]")).forEach(function (input) {
      input.addEventListener("change", async function () {
        var entries = entriesOf(input.files, input.hasAttribute("webkitdirectory"));
        hidden.value = "";
        if (!entries.length) { ui.show([]); ui.status(""); return; }
        submit.disabled = true;
        try {
          var parts = await hashEntries(entries, ui);
          hidden.value = parts.map(function (p) { return p.sha256; }).join(" ");
          ui.show(parts);
          ui.status(ui.msg("ready").replace("{n}", parts.length));
        } catch (err) {
          ui.status(err.message || String(err), true);
        } finally {
          submit.disabled = false;
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.from(document.querySelectorAll("form[data-evidence=register]")).forEach(setupRegister);
    Array.from(document.querySelectorAll("form[data-evidence=verify]")).forEach(setupVerify);
  });
})();
