// Ukrainian and English texts; the chosen language is kept in localStorage.
const TEXT = {
  uk: {
    title: 'Тривога — мапа тривог', resident: 'Моє місце', console: 'Пульт оператора', map: 'Мапа', stats: 'Статистика',
    live: 'наживо', connecting: 'підключення…', reconnecting: "зв'язок втрачено — перепідключення…",
    stale: "немає зв'язку — ви можете пропустити тривогу",
    activeAlerts: 'Активні тривоги', noAlerts: 'Тривог немає', since: 'з', duration: 'триває',
    legend: 'Умовні позначення', partly: 'тривога в частині зони', drill: 'навчання (штрихова межа)', calm: 'без тривоги',
    shelterTime: 'Час до укриття', seconds: 'с', lastAlerts: 'Останні тривоги', underAlert: 'Тривога', noAlert: 'Тривоги немає',
    zoomHint: 'Наблизьте мапу, щоб побачити райони й громади',
    choosePlace: 'Оберіть своє місце', myPlace: 'Моє місце', useLocation: 'Моє розташування', search: 'Пошук населеного пункту',
    searchPlaceholder: 'Харків, Kharkiv…', clickMap: 'або клацніть на мапі', notFound: 'Нічого не знайдено', outside: 'Ця точка поза зонами оповіщення',
    sound: 'Звук сирени', notifications: 'Сповіщення', notifOn: 'увімкнено', notifBlocked: 'заблоковано в браузері', enable: 'Увімкнути',
    testSound: 'Перевірити звук', change: 'Змінити',
    allClear: 'Відбій тривоги', allClearText: 'Загрозу минуло. Залишайтеся уважними.', ok: 'Гаразд',
    calmFor: 'Зараз тривоги немає', drillsOptIn: 'Показувати навчальні тривоги (НАВЧАННЯ)', drillBanner: 'НАВЧАННЯ — це не справжня тривога', testBanner: 'ТЕСТ — це не справжня тривога',
    goShelter: 'Прямуйте в укриття', countdown: 'Час до укриття', alertLasts: 'Тривога триває', stayInShelter: 'Залишайтеся в укритті до відбою',
    nearest: 'Найближчі укриття', walk: 'пішки', tooFar: 'довше, ніж час до укриття', stepFree: 'без сходів', noShelters: 'Поруч немає укриттів у наших даних',
    silence: 'Вимкнути звук', straightLine: 'відстань по прямій, хода 1,2 м/с',
    login: 'Увійти', key: 'Ключ оператора', logout: 'Вийти', loggedAs: 'Оператор', badKey: 'Ключ не прийнято',
    zones: 'Зони', drawArea: 'Намалювати область', finishArea: 'Завершити область', clearArea: 'Очистити', uploadArea: 'Завантажити GeoJSON',
    type: 'Тип', status: 'Статус', messageUk: 'Повідомлення (українською)', messageEn: 'Повідомлення (англійською)', expiresIn: 'Завершити через, хв (необов’язково)',
    review: 'Перевірити й надіслати', send: 'Надіслати', back: 'Назад', cancel: 'Скасувати (відбій)', update: 'Змінити',
    willCover: 'Буде охоплено', targetZones: { one: 'цільова зона', few: 'цільові зони', many: 'цільових зон', other: 'цільової зони' },
    hromadas: { one: 'громада', few: 'громади', many: 'громад', other: 'громади' }, nothingSelected: 'Оберіть зони або намалюйте область',
    real: 'СПРАВЖНЯ ТРИВОГА', exercise: 'НАВЧАННЯ', test: 'ТЕСТ', sent: 'Надіслано', cancelled: 'Скасовано', updated: 'Змінено',
    editing: 'Зміна тривоги', stopEditing: 'Скасувати зміну', saveChanges: 'Зберегти зміни', vertices: 'вершин',
    sendBlocked: "Немає зв'язку з сервером: мапа й список тривог можуть бути застарілими. Надсилання заблоковано, доки зв'язок не відновиться.",
    sendWaiting: "Підключення до сервера… Надіслати можна буде, щойно мапа оновиться наживо.",
    clearStale: "Немає зв'язку з сервером: список тривог може бути застарілим. Відбій можна надіслати, але сервер може його не отримати.",
    allClearKind: 'ВІДБІЙ ТРИВОГИ', allClearWill: 'Тривогу буде завершено в усіх цих зонах.', sendClear: 'Дати відбій',
    permanent: 'Постійна тривога (окупована територія)', mapDrills: 'Показувати навчання (НАВЧАННЯ, ТЕСТ)',
  },
  en: {
    title: 'Tryvoha — alert map', resident: 'My place', console: 'Operator console', map: 'Map', stats: 'Statistics',
    live: 'live', connecting: 'connecting…', reconnecting: 'connection lost — reconnecting…',
    stale: 'no connection — you may miss alerts',
    activeAlerts: 'Active alerts', noAlerts: 'No alerts', since: 'since', duration: 'for',
    legend: 'Legend', partly: 'alert in part of the zone', drill: 'drill (dashed outline)', calm: 'no alert',
    shelterTime: 'Time to shelter', seconds: 's', lastAlerts: 'Last alerts', underAlert: 'Alert', noAlert: 'No alert',
    zoomHint: 'Zoom in to see raions and hromadas',
    choosePlace: 'Choose your place', myPlace: 'My place', useLocation: 'Use my location', search: 'Search a place',
    searchPlaceholder: 'Kharkiv, Харків…', clickMap: 'or click on the map', notFound: 'Nothing found', outside: 'This point is outside the alert zones',
    sound: 'Siren sound', notifications: 'Notifications', notifOn: 'on', notifBlocked: 'blocked in the browser', enable: 'Turn on',
    testSound: 'Test the sound', change: 'Change',
    allClear: 'All clear', allClearText: 'The threat is over. Stay alert.', ok: 'OK',
    calmFor: 'No alert now', drillsOptIn: 'Show drills (EXERCISE)', drillBanner: 'DRILL — this is not a real alert', testBanner: 'TEST — this is not a real alert',
    goShelter: 'Go to a shelter', countdown: 'Time to shelter', alertLasts: 'The alert has lasted', stayInShelter: 'Stay in the shelter until the all-clear',
    nearest: 'Nearest shelters', walk: 'walk', tooFar: 'longer than your time to shelter', stepFree: 'step-free', noShelters: 'No shelters near you in our data',
    silence: 'Silence', straightLine: 'straight-line distance, walking 1.2 m/s',
    login: 'Log in', key: 'Operator key', logout: 'Log out', loggedAs: 'Operator', badKey: 'Key refused',
    zones: 'Zones', drawArea: 'Draw an area', finishArea: 'Finish the area', clearArea: 'Clear', uploadArea: 'Upload GeoJSON',
    type: 'Type', status: 'Status', messageUk: 'Message (Ukrainian)', messageEn: 'Message (English)', expiresIn: 'Ends in, minutes (optional)',
    review: 'Review and send', send: 'Send', back: 'Back', cancel: 'Cancel (all clear)', update: 'Change',
    willCover: 'Will cover', targetZones: { one: 'target zone', other: 'target zones' }, hromadas: { one: 'hromada', other: 'hromadas' }, nothingSelected: 'Pick zones or draw an area',
    real: 'REAL ALERT', exercise: 'EXERCISE', test: 'TEST', sent: 'Sent', cancelled: 'Cancelled', updated: 'Updated',
    editing: 'Changing alert', stopEditing: 'Stop changing', saveChanges: 'Save changes', vertices: 'vertices',
    sendBlocked: 'No connection to the server: the map and the list may be out of date. Sending is blocked until the connection is back.',
    sendWaiting: 'Connecting to the server… You can send as soon as the map is live.',
    clearStale: 'No connection to the server: the list may be out of date. You can send the all-clear, but the server may not get it.',
    allClearKind: 'ALL CLEAR', allClearWill: 'The alert will end in all these zones.', sendClear: 'Send the all-clear',
    permanent: 'Permanent alert (occupied territory)', mapDrills: 'Show drills (EXERCISE, TEST)',
  },
};

/** Per alert type: name, what to do, and a default operator message. */
export const TYPES = {
  air_raid: { uk: 'Повітряна тривога', en: 'Air raid alert',
    adviceUk: 'Негайно прямуйте до найближчого укриття. Якщо укриття немає — правило двох стін, подалі від вікон.',
    adviceEn: 'Go to the nearest shelter now. If there is none, keep two walls between you and the street, away from windows.' },
  ballistic_missile: { uk: 'Загроза балістичних ракет', en: 'Ballistic missile threat',
    adviceUk: 'Ракета летить хвилину-дві. Укрийтеся негайно, в найближчому укритті або за двома стінами.',
    adviceEn: 'A ballistic missile arrives within a minute or two. Take cover at once: nearest shelter, or behind two walls.' },
  cruise_missile: { uk: 'Загроза крилатих ракет', en: 'Cruise missile threat',
    adviceUk: 'Прямуйте до укриття. Не стійте біля вікон, не знімайте ракети на телефон.',
    adviceEn: 'Go to a shelter. Stay away from windows; do not film the missiles.' },
  drone: { uk: 'Загроза ударних БпЛА', en: 'Attack drone threat',
    adviceUk: 'Перейдіть в укриття або в коридор без вікон. Вимкніть світло, якщо ви біля вікна.',
    adviceEn: 'Go to a shelter or a corridor without windows. Turn off lights near windows.' },
  guided_bomb: { uk: 'Загроза керованих авіабомб', en: 'Guided bomb threat',
    adviceUk: 'Негайно в укриття — нижче рівня землі, якщо можливо.', adviceEn: 'Take shelter now — below ground if you can.' },
  artillery: { uk: 'Загроза артобстрілу', en: 'Artillery shelling threat',
    adviceUk: 'Укрийтеся в підвалі або на нижньому поверсі, подалі від вікон. Не виходьте надвір.',
    adviceEn: 'Take cover in a basement or on the lowest floor, away from windows. Do not go outside.' },
  urban_fights: { uk: 'Загроза вуличних боїв', en: 'Urban fighting',
    adviceUk: 'Залишайтеся в приміщенні, подалі від вікон. Не виходьте надвір.',
    adviceEn: 'Stay indoors, away from windows. Do not go outside.' },
  chemical: { uk: 'Хімічна загроза', en: 'Chemical threat',
    adviceUk: 'Зачиніть вікна й двері, вимкніть вентиляцію. Хлор важчий за повітря — підніміться вище; аміак легший — спустіться нижче.',
    adviceEn: 'Close windows and doors, turn off ventilation. Chlorine is heavier than air — go up; ammonia is lighter — go down.' },
  nuclear: { uk: 'Радіаційна загроза', en: 'Radiation threat',
    adviceUk: 'Негайно зайдіть у приміщення, зачиніть вікна, перейдіть у центр будівлі або в підвал. Слідкуйте за офіційними повідомленнями.',
    adviceEn: 'Go indoors now, close windows, move to the middle of the building or a basement. Follow official announcements.' },
  info: { uk: 'Повідомлення', en: 'Information', adviceUk: 'Прочитайте повідомлення.', adviceEn: 'Read the message.' },
  early_warning: { uk: 'Очікується загроза', en: 'Threat expected',
    adviceUk: 'Загрози очікуються протягом кількох хвилин. Будьте готові: одягніться, візьміть документи й воду, перевірте шлях до укриття. Справжня тривога пролунає окремо.',
    adviceEn: 'Threats are expected within minutes. Be ready: get dressed, take documents and water, check your way to the shelter. The alert itself will sound separately.' },
};

export function lang() {
  const l = localStorage.getItem('tryvoha.lang');
  return l === 'en' || l === 'uk' ? l : (navigator.language || 'uk').startsWith('en') ? 'en' : 'uk';
}

export function setLang(l) {
  localStorage.setItem('tryvoha.lang', l);
  applyTexts();
}

export function t(key) {
  return TEXT[lang()][key] ?? TEXT.en[key] ?? key;
}

/** "{n} {noun}" with the noun in the plural form the language needs (1 зона, 2 зони, 5 зон). */
export function count(n, key) {
  const forms = t(key);
  if (typeof forms === 'string') return `${n} ${forms}`;
  const form = new Intl.PluralRules(lang() === 'uk' ? 'uk' : 'en').select(n);
  return `${n} ${forms[form] ?? forms.other}`;
}

export function typeName(type) {
  return TYPES[type]?.[lang()] ?? type;
}

export function advice(type) {
  const x = TYPES[type];
  return x ? (lang() === 'uk' ? x.adviceUk : x.adviceEn) : '';
}

/** Zone name in the chosen language. */
export function zoneName(z) {
  if (!z) return '';
  return (lang() === 'uk' ? z.name_uk : z.name_en) || z.name_uk || z.name_en || z.id || z.zone;
}

/** The alert's own message in the chosen language, or the other one. */
export function alertMessage(a) {
  const m = a.message || {};
  return m[lang()] || m.uk || m.en || Object.values(m)[0] || '';
}

/** Fills every [data-t] element's text (and [data-t-placeholder], [data-t-label]); sets <html lang>. */
export function applyTexts(root = document) {
  document.documentElement.lang = lang();
  root.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
  root.querySelectorAll('[data-t-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.tPlaceholder); });
  root.querySelectorAll('[data-t-label]').forEach((el) => { el.setAttribute('aria-label', t(el.dataset.tLabel)); });
  document.querySelectorAll('.lang-switch button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.lang === lang())));
  window.dispatchEvent(new Event('tryvoha:lang'));
}

/** Wires the UK/EN buttons of .lang-switch. */
export function langSwitch() {
  document.querySelectorAll('.lang-switch button').forEach((b) => b.addEventListener('click', () => setLang(b.dataset.lang)));
  applyTexts();
}

export function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const two = (n) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(r)}` : `${m}:${two(r)}`;
}

export function clock(iso) {
  return new Date(iso).toLocaleString(lang() === 'uk' ? 'uk-UA' : 'en-GB', { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });
}
