// The list's Token, Last used and Created columns, the "Expires soon"
// badge, Regenerate through its dialog, and the token's Activity page,
// in a real browser (Debian's Chromium, driven by playwright-core), by
// visible labels and texts.
// Run by t/browser.t with the variables flow.test.mjs describes, and
//   PAT_SOON_NAME     the name of alice's token that expires in 3 days
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { assertAccessible, launchChromium } from './common.mjs';

const base = process.env.PAT_BASE_URL;
const shots = process.env.PAT_SCREENSHOTS;
const home = process.env.PAT_BROWSER_HOME;

let browser;
let page;

before(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await launchChromium(home);
    const context = await browser.newContext({
        httpCredentials: { username: 'alice', password: 'alice-password' },
    });
    page = await context.newPage();
});

after(async () => {
    await browser?.close();
});

async function apiStatus(token) {
    const res = await fetch(`${base}/api/env.cgi`,
                            { headers: { 'x-pat': token } });
    return res.status;
}

// Create a token through the Create dialog; returns it.
async function create(name) {
    await page.goto(`${base}/profile/tokens`);
    await page.getByRole('link', { name: 'Create new' }).click();
    const dialog = page.getByRole('dialog', {
        name: 'Create Personal Access Token' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: 'Create' }).click();
    const copy = page.getByRole('dialog', { name: 'Copy your token' });
    const token = await copy.getByLabel('Token', { exact: true }).inputValue();
    await copy.getByRole('link', { name: 'Close' }).click();
    await page.getByRole('heading', {
        name: 'Manage Personal Access Tokens' }).waitFor();
    return token;
}

const name = `Lifecycle token ${Date.now()}`;
let token;

test('the list shows Token, Last used and Created', async () => {
    token = await create(name);
    const headers = await page.getByRole('columnheader').allInnerTexts();
    assert.deepEqual(headers, ['Name', 'Token', 'Description',
        'Expiration Date', 'Status', 'Last used', 'Created',
        'Edit / Delete']);
    const row = page.getByRole('row').filter({ hasText: name });
    await row.getByRole('cell', { name: `pat_\u2026${token.slice(-4)}`,
                                  exact: true }).waitFor();
    await row.getByRole('cell', { name: 'Never', exact: true }).waitFor();
    const created = row.locator('td.created time');
    assert.match(await created.innerText(), /^\d{4}-\d\d-\d\d$/);
    assert.match(await created.getAttribute('title'),
                 /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+$/);
    assert.equal(await apiStatus(token), 200);
    await page.reload();
    await row.getByRole('cell', { name: 'just now', exact: true }).waitFor();
    await assertAccessible(page, 'the list with the new columns');
});

test('an Active token expiring within 7 days has a readable badge', async () => {
    // no page can set a date that close: t/browser.t stored this token
    const soon = process.env.PAT_SOON_NAME;
    assert.ok(soon, 't/browser.t names the token that expires soon');
    await page.reload();
    const row = page.getByRole('row').filter({ hasText: soon });
    const status = row.getByRole('cell', { name: 'Active Expires soon',
                                           exact: true });
    await status.waitFor();
    assert.equal(await status.getByText('Expires soon', { exact: true })
        .isVisible(), true);
    await page.screenshot({ path: `${shots}/11-expires-soon.png` });
    await assertAccessible(page, 'the list with an Expires soon badge');
});

test('Regenerate asks in a dialog, then shows a new token once', async () => {
    const row = page.getByRole('row').filter({ hasText: name }).first();
    await row.getByRole('link', { name: 'Regenerate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Regenerate token' });
    await dialog.waitFor();
    await dialog.getByText(name, { exact: true }).waitFor();
    await dialog.getByText('A new token replaces this one. The current ' +
        'token stops working at once; scripts that use it must be given ' +
        'the new one.', { exact: false }).waitFor();
    await page.screenshot({ path: `${shots}/12-regenerate-dialog.png` });
    await assertAccessible(page, 'the Regenerate dialog open');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await apiStatus(token), 200, 'Cancel changes nothing');

    await row.getByRole('link', { name: 'Regenerate' }).click();
    await dialog.getByRole('button', { name: 'Regenerate' }).click();
    await page.getByText('Token regenerated.').waitFor();
    const copy = page.getByRole('dialog', { name: 'Copy your token' });
    await copy.waitFor();
    const fresh = await copy.getByLabel('Token', { exact: true }).inputValue();
    assert.match(fresh, /^pat_[0-9A-Za-z]{36}$/);
    assert.notEqual(fresh, token);
    await page.screenshot({ path: `${shots}/13-regenerated.png` });
    await assertAccessible(page, 'Copy your token after Regenerate');
    assert.equal(await apiStatus(token), 401, 'the old token is refused');
    assert.equal(await apiStatus(fresh), 200, 'the new one works');
    await copy.getByRole('link', { name: 'Close' }).click();
    const again = page.getByRole('row').filter({ hasText: name }).first();
    await again.getByRole('cell', { name: `pat_\u2026${fresh.slice(-4)}`,
                                    exact: true }).waitFor();
});

test('Activity shows what was done to the token, newest first', async () => {
    await page.goto(`${base}/profile/tokens`);
    const row = page.getByRole('row').filter({ hasText: name }).first();
    await row.getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
    await page.getByText(name, { exact: true }).waitFor();
    const events = await page.locator('table.activity tbody tr td:nth-child(2)')
        .allTextContents();
    assert.deepEqual(events, ['Regenerated', 'Created'],
                     'the regenerate, then the create');
    const by = await page.locator('table.activity td.actor')
        .allTextContents();
    assert.deepEqual(by, ['alice', 'alice'], 'who did it');
    await page.getByText('New token; the previous one stopped working')
        .waitFor();
    await page.screenshot({ path: `${shots}/14-activity.png` });
    await assertAccessible(page, 'the Activity page');
});

test('the Regenerate page is accessible', async () => {
    await page.goto(`${base}/profile/tokens`);
    const row = page.getByRole('row').filter({
        hasText: process.env.PAT_SOON_NAME });
    const href = await row.getByRole('link', { name: 'Regenerate' })
        .getAttribute('href');
    await page.goto(`${base}${href}`);
    await page.getByRole('heading', { name: 'Regenerate token' }).waitFor();
    await page.getByText('A new token replaces this one.', { exact: false })
        .waitFor();
    await assertAccessible(page, 'the Regenerate page');
});

test('the Regenerate page works without JavaScript', async () => {
    const plain = await browser.newContext({
        javaScriptEnabled: false,
        httpCredentials: { username: 'alice', password: 'alice-password' },
    });
    const p = await plain.newPage();
    await p.goto(`${base}/profile/tokens`);
    const row = p.getByRole('row').filter({
        hasText: process.env.PAT_SOON_NAME });
    await row.getByRole('link', { name: 'Regenerate' }).click();
    await p.getByRole('heading', { name: 'Regenerate token' }).waitFor();
    await p.getByRole('button', { name: 'Regenerate' }).click();
    await p.getByText('Token regenerated.').waitFor();
    const fresh = await p.getByLabel('Token', { exact: true }).inputValue();
    assert.equal(await apiStatus(fresh), 200);
    await plain.close();
});
