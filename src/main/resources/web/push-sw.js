// Tryvoha's push service worker: shows each pushed alert as a notification, in Ukrainian and English.
// Served as /push-sw.js (scope "/", so it covers the installed app's /resident) and, for workers
// registered by older pages, as /web/push-sw.js (scope /web/).
"use strict";

const TYPES = {
  air_raid: "Повітряна тривога / Air raid", ballistic_missile: "Балістична загроза / Ballistic missile",
  cruise_missile: "Крилаті ракети / Cruise missiles", drone: "Загроза БпЛА / Drones", guided_bomb: "Керовані авіабомби / Guided bombs",
  artillery: "Артобстріл / Artillery", urban_fights: "Вуличні бої / Urban fighting", chemical: "Хімічна загроза / Chemical threat",
  nuclear: "Радіаційна загроза / Nuclear threat", info: "Повідомлення / Information",
};

self.addEventListener("push", (event) => {
  let ev = {};
  try { ev = event.data ? event.data.json() : {}; } catch (e) { ev = {}; }
  const a = ev.alert || {};
  const ended = ev.kind === "cancelled" || ev.kind === "expired" || a.active === false;
  const drill = a.status && a.status !== "actual";
  const title = (drill ? "НАВЧАННЯ / DRILL: " : "") + (ended ? "Відбій тривоги / All clear" : (TYPES[a.type] || a.type || "Тривога / Alert"));
  const m = a.message || {};
  const body = [m.uk, m.en].filter(Boolean).join("\n") || (ended ? "" : "Пройдіть до укриття / Go to a shelter");
  event.waitUntil(self.registration.showNotification(title, {
    body, tag: "tryvoha-" + (a.id || ev.seq), renotify: true, requireInteraction: !ended, data: { url: "/resident" },
  }));
});

// a click brings the resident page (or the installed app) to the front, opening it when none is open
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || "/resident", self.location.origin);
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
    const open = windows.find((w) => new URL(w.url).pathname === url.pathname);
    return open ? open.focus() : self.clients.openWindow(url.href);
  }));
});
