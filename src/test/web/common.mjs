// What the browser check modules share: a failed check, the API with the operator key, axe's
// serious and critical findings, and running one module on its own from the command line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export class Check extends Error {}
export const assert = (ok, msg) => { if (!ok) throw new Check(msg); };

/** `api(method, path, body)` with the operator key: the JSON answer, or an error naming the status (202 is an answer). */
export function apiClient(base, key) {
  return async (method, path, body) => {
    const r = await fetch(base + path, { method, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: body && JSON.stringify(body) });
    if (!r.ok && r.status !== 202) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return r.json();
  };
}

/** axe-core's serious and critical violations on the page, each as "rule (impact) at targets". */
export async function axeFindings(p) {
  if (!await p.evaluate(() => !!window.axe)) await p.evaluate(AXE); // evaluate is not subject to the page's CSP
  return p.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

/**
 * When the module at `moduleUrl` is the one node was started with, launches Debian's Chromium and
 * runs `check(browser, args)`; a failure sets the exit code. Does nothing when the module is imported.
 */
export async function runAlone(moduleUrl, check) {
  if (moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    await check(browser, process.argv.slice(2));
  } catch (e) {
    console.error(`FAILED: ${e.message}`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}
