// What the browser tests (flow.test.mjs, permissions.test.mjs) share:
// Debian's Chromium, launched headless through playwright-core, and the
// accessibility check with axe-core (both pinned in package-lock.json).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

// Start /usr/bin/chromium headless with its profile under home (a
// writable folder) and any further command-line args; returns the
// playwright Browser.
export function launchChromium(home, args = []) {
    return chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu',
               '--disable-background-networking',
               '--disable-component-update', '--disable-sync',
               '--no-first-run', '--disable-quic', ...args],
        env: { ...process.env, HOME: home },
    });
}

// axe-core, put into the page by the driver: the pages'
// Content-Security-Policy allows no inline script
const axeSource = readFileSync(
    createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// Every axe-core violation on p as it is now, one line each (rule,
// impact, the elements): [] when there is none.
async function axeViolations(p) {
    if (!await p.evaluate(() => 'axe' in window)) {
        await p.evaluate(axeSource);
    }
    return p.evaluate(async () => {
        const result = await window.axe.run(document);
        return result.violations.map((v) => `${v.id} (${v.impact}): ` +
            `${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
}

// Fail unless axe-core finds no violation on p; what names the state.
export async function assertAccessible(p, what) {
    assert.deepEqual(await axeViolations(p), [],
                     `axe-core finds no violation: ${what}`);
}
