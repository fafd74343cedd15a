// The siren fleet page: polls /api/v1/sirens and draws a table. No framework, no inline script (CSP).
"use strict";

function cell(tr, text, cls) {
  const td = document.createElement("td");
  td.textContent = text == null ? "—" : String(text);
  if (cls) td.className = cls;
  tr.appendChild(td);
}

async function refresh() {
  const status = document.getElementById("mqtt");
  try {
    const res = await fetch("/api/v1/sirens", { headers: { Accept: "application/json" } });
    const f = await res.json();
    const m = f.mqtt;
    status.textContent = !m.enabled ? "MQTT off (set mqtt-url)" : (m.connected ? "MQTT connected to " : "MQTT NOT connected to ") + m.broker;
    document.getElementById("counts").textContent =
      Object.entries(f.counts).map(([k, v]) => k + ": " + v).join(" · ");
    const body = document.querySelector("#fleet tbody");
    body.replaceChildren();
    for (const s of f.sirens) {
      const tr = document.createElement("tr");
      tr.dataset.id = s.id;
      cell(tr, s.id);
      cell(tr, s.name);
      cell(tr, s.zone);
      cell(tr, s.health, "health-" + s.health);
      cell(tr, s.last_seen);
      cell(tr, s.command ? s.command.action + (s.command.alert ? " (" + s.command.alert + ")" : "") : null);
      cell(tr, s.acked_at);
      body.appendChild(tr);
    }
  } catch (e) {
    status.textContent = "cannot load /api/v1/sirens: " + e;
  }
}

refresh();
setInterval(refresh, 5000);
