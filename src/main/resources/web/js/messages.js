// Server texts the console shows (problem details, the two-person rule's reason, threat tracks) in
// the operator's language. The server writes them in English; the known ones are translated here,
// an unknown one is shown as the server wrote it.
import { lang, typeName } from './i18n.js';

const UK = [
  [/^the operator key is not valid or has been revoked$/, () => 'ключ оператора недійсний або його відкликано'],
  [/^send the operator key as 'Authorization: Bearer <key>'$/, () => 'надішліть ключ оператора в заголовку «Authorization: Bearer <ключ>»'],
  [/^the Authorization header must be 'Bearer <key>'$/, () => 'заголовок Authorization має бути «Bearer <ключ>»'],
  [/^alert type (\w+) always needs a second person$/, (m) => `тип тривоги «${typeName(m[1])}» завжди потребує підтвердження другою особою`],
  [/^the alert reaches (\d+) oblasts, more than (\d+) without a second person$/,
    (m) => `тривога охоплює ${m[1]} обл. — більше, ніж ${m[2]}, дозволено без другої особи`],
  [/^Failed to fetch$|^NetworkError/, () => 'немає відповіді від сервера — перевірте зв’язок'],
];

/** A server message in the page's language (English as it came when no translation is known). */
export function serverText(text) {
  if (!text || lang() !== 'uk') return text;
  for (const [re, f] of UK) {
    const m = re.exec(text);
    if (m) return f(m);
  }
  return text;
}

const CLASSES = {
  uk: { ballistic: 'балістична ракета', cruise_missile: 'крилата ракета', drone: 'ударний БпЛА', guided_bomb: 'керована авіабомба',
    aircraft: 'літак', unknown: 'невідома ціль' },
  en: { ballistic: 'ballistic missile', cruise_missile: 'cruise missile', drone: 'attack drone', guided_bomb: 'guided bomb',
    aircraft: 'aircraft', unknown: 'unknown target' },
};
const ENDS = { uk: { destroyed: 'знищено', lost: 'втрачено', landed: 'впала' }, en: { destroyed: 'destroyed', lost: 'lost', landed: 'landed' } };
const WORDS = {
  uk: { speed: 'м/с', warned: 'попереджено зон', pending: 'чекають підтвердження' },
  en: { speed: 'm/s', warned: 'zones warned', pending: 'awaiting confirmation' },
};

/** The tooltip of a threat track (properties of GET /api/v1/tracks) in the page's language. */
export function trackText(p) {
  const l = lang() === 'uk' ? 'uk' : 'en';
  const w = WORDS[l];
  return `${CLASSES[l][p.class] || p.class} ${p.track_id}`
    + (p.speed != null ? ` · ${p.speed} ${w.speed} · ${p.heading}°` : '')
    + ` · ${w.warned}: ${p.warned_zones.length}`
    + (p.pending_zones.length ? ` · ${w.pending}: ${p.pending_zones.length}` : '')
    + (p.end ? ` · ${ENDS[l][p.end] || p.end}` : '');
}
