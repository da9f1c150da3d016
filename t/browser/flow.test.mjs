// The whole token flow in a real browser (Debian's Chromium, driven by
// playwright-core), by visible labels and texts as a person would use it.
// Run by t/browser.t against the Apache::Test server:
//   PAT_BASE_URL      http://localhost:PORT
//   PAT_SCREENSHOTS   folder for a screenshot of every dialog
//   PAT_BROWSER_HOME  a writable folder for Chromium's profile
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { assertAccessible, launchChromium } from './common.mjs';

const base = process.env.PAT_BASE_URL;
const shots = process.env.PAT_SCREENSHOTS;
const home = process.env.PAT_BROWSER_HOME;
// a name that is not "localhost": plain http there is not a secure
// context, so navigator.clipboard is missing and the page must fall back
const insecureBase = base.replace('localhost', 'pat-insecure.test');

let browser;
let context;
let page;
// every answer the pages' browser got: url -> status
const answers = new Map();

before(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await launchChromium(home, [
        `--host-resolver-rules=MAP pat-insecure.test 127.0.0.1`]);
    context = await browser.newContext({
        httpCredentials: { username: 'alice', password: 'alice-password' },
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'],
                                   { origin: base });
    page = await context.newPage();
    page.on('response', (res) => answers.set(res.url(), res.status()));
});

after(async () => {
    await browser?.close();
});

async function shot(name) {
    await page.screenshot({ path: `${shots}/${name}.png` });
}

// What the API says to a token: the status of a request with x-pat.
async function apiStatus(token) {
    const res = await fetch(`${base}/api/env.cgi`,
                            { headers: { 'x-pat': token } });
    return res.status;
}

async function clipboardText() {
    const reader = await context.newPage();
    await reader.goto(`${base}/profile/static/pat.css`);
    const text = await reader.evaluate(() => navigator.clipboard.readText());
    await reader.close();
    return text;
}

let token;
const name = `Browser token ${Date.now()}`;

test('log in and open Manage Personal Access Tokens', async () => {
    await page.goto(`${base}/profile/tokens`);
    await assert.doesNotReject(page.getByRole('heading', {
        name: 'Manage Personal Access Tokens' }).waitFor());
    await page.getByRole('navigation').getByRole('link', {
        name: 'Personal Access Tokens' }).waitFor();
    await shot('01-list');
    await assertAccessible(page, 'the list');
});

test('Create new opens the Create Personal Access Token dialog', async () => {
    await page.getByRole('link', { name: 'Create new' }).click();
    const dialog = page.getByRole('dialog', {
        name: 'Create Personal Access Token' });
    await dialog.waitFor();
    const expires = await dialog.getByLabel('Expiration Date').inputValue();
    assert.match(expires, /^\d{4}-(01|07)-01$/);
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Description').fill('Made by the browser test');
    await shot('02-create-dialog');
    await assertAccessible(page, 'the Create dialog open');
    await dialog.getByRole('button', { name: 'Create' }).click();
});

test('the token is shown once, with the seed texts', async () => {
    await page.getByText('New token successfully created.').waitFor();
    const dialog = page.getByRole('dialog', { name: 'Copy your token' });
    await dialog.waitFor();
    await dialog.getByText('This is the only time you will see the full ' +
        'token. Please copy and store it securely.').waitFor();
    const field = dialog.getByLabel('Token', { exact: true });
    token = await field.inputValue();
    assert.match(token, /^pat_[0-9A-Za-z]{36}$/);
    assert.equal(await field.getAttribute('readonly'), '');
    await shot('03-copy-dialog');
    await assertAccessible(page, 'the Copy your token dialog open');
});

test('the copy icon copies the token and says so', async () => {
    const dialog = page.getByRole('dialog', { name: 'Copy your token' });
    await dialog.getByRole('button', { name: 'Copy token' }).click();
    await dialog.getByText('You have copied token to your clipboard.')
        .waitFor();
    assert.equal(await clipboardText(), token);
    await shot('04-copied');
});

test('Close returns to the list, where the token is Active', async () => {
    await page.getByRole('dialog', { name: 'Copy your token' })
        .getByRole('link', { name: 'Close' }).click();
    await page.getByRole('heading', {
        name: 'Manage Personal Access Tokens' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: name });
    await row.getByRole('cell', { name: 'Active', exact: true }).waitFor();
    assert.equal((await page.content()).includes(token), false);
    await assertAccessible(page, 'the list with tokens');
});

test('the token works with the module', async () => {
    assert.equal(await apiStatus(token), 200);
});

test('Edit changes the name', async () => {
    const row = page.getByRole('row').filter({ hasText: name });
    await row.getByRole('link', { name: 'Edit' }).click();
    const field = page.getByLabel('Name');
    await field.fill(`${name} edited`);
    await shot('05-edit');
    await assertAccessible(page, 'the Edit page');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Token updated.').waitFor();
    await page.getByRole('cell', { name: `${name} edited` }).waitFor();
});

test('Delete then Cancel keeps the token', async () => {
    const row = page.getByRole('row').filter({ hasText: `${name} edited` });
    await row.getByRole('link', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete token' });
    await dialog.getByText('This personal access token will be permanently ' +
        'deleted and cannot be restored.').waitFor();
    await shot('06-delete-dialog');
    await assertAccessible(page, 'the Delete dialog open');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: `${name} edited` }).waitFor();
    assert.equal(await apiStatus(token), 200);
});

test('Delete then Proceed removes it, and the token gets 401', async () => {
    const row = page.getByRole('row').filter({ hasText: `${name} edited` });
    await row.getByRole('link', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete token' });
    await dialog.getByRole('button', { name: 'Proceed' }).click();
    await page.getByText('Token deleted.').waitFor();
    assert.equal(await page.getByRole('cell', { name: `${name} edited` })
        .count(), 0);
    assert.equal(await apiStatus(token), 401);
});

test('copy works on plain http too (no navigator.clipboard)', async () => {
    const insecure = await context.newPage();
    await insecure.goto(`${insecureBase}/profile/tokens`);
    assert.equal(await insecure.evaluate(() => window.isSecureContext),
                 false);
    await insecure.getByRole('link', { name: 'Create new' }).click();
    const create = insecure.getByRole('dialog', {
        name: 'Create Personal Access Token' });
    await create.getByLabel('Name').fill(`${name} insecure`);
    await create.getByRole('button', { name: 'Create' }).click();
    const dialog = insecure.getByRole('dialog', { name: 'Copy your token' });
    const second = await dialog.getByLabel('Token', { exact: true }).inputValue();
    await dialog.getByRole('button', { name: 'Copy token' }).click();
    await dialog.getByText('You have copied token to your clipboard.')
        .waitFor();
    assert.equal(await clipboardText(), second);
    await insecure.close();
});

test('the Delete page and a refused form are accessible too', async () => {
    await page.goto(`${base}/profile/tokens`);
    const row = page.getByRole('row').filter({ hasText: `${name} insecure` });
    const href = await row.getByRole('link', { name: 'Delete' })
        .getAttribute('href');
    await page.goto(`${base}${href}`);
    await page.getByRole('heading', { name: 'Delete token' }).waitFor();
    await assertAccessible(page, 'the Delete page');
    await page.goto(`${base}/profile/tokens/new`);
    await page.getByLabel('Name').fill('   ');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Name is required').waitFor();
    await shot('08-refused');
    await assertAccessible(page, 'a refused Create form');
});

// Submit the Create page (no JavaScript needed) with a name of spaces
// (the browser lets it through, the server refuses it) or with a
// What read() (run in the page) says of the focused element, once the
// browser has applied autofocus: the page can be there a moment before
// (seen under load: the body still had the focus).  Polls for up to 5
// seconds while read() gives nothing; a wrong element is returned at once.
async function focusedOnceSettled(p, read) {
    for (let i = 0; i < 50; i++) {
        const v = await p.evaluate(read);
        if (v) {
            return v;
        }
        await p.waitForTimeout(100);
    }
    return p.evaluate(read);
}

// Description of 501 characters, then say which field has the focus.
async function refusedCreateFocus(p, { blankName, longDescription }) {
    await p.goto(`${base}/profile/tokens/new`);
    await p.getByLabel('Name').fill(blankName ? '   ' : 'fine');
    await p.getByLabel('Description').fill(longDescription ? 'd'.repeat(501)
                                                           : '');
    await p.getByRole('button', { name: 'Create' }).click();
    await p.getByRole('heading', { name: 'Create Personal Access Token' })
        .waitFor();
    await p.locator('.error').first().waitFor();
    return focusedOnceSettled(p, () => document.activeElement.name ?? null);
}

test('a refused form puts the focus on its first invalid field', async () => {
    assert.equal(await refusedCreateFocus(page, {
        blankName: true, longDescription: true }), 'name');
    const name = page.getByLabel('Name');
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    assert.match(await name.getAttribute('aria-describedby'),
                 /(^| )name-error( |$)/);
    assert.equal(await refusedCreateFocus(page, {
        blankName: false, longDescription: true }), 'description');
    assert.equal(await page.getByLabel('Name').getAttribute('aria-invalid'),
                 null);
});

test('... and so does it with JavaScript off', async () => {
    const plain = await browser.newContext({
        javaScriptEnabled: false,
        httpCredentials: { username: 'alice', password: 'alice-password' },
    });
    const p = await plain.newPage();
    assert.equal(await refusedCreateFocus(p, {
        blankName: false, longDescription: true }), 'description');
    await plain.close();
});

test('the browser accepts what the server accepts: 100 characters with emoji', async () => {
    // 100 characters, 196 UTF-16 units: maxlength=100 would refuse it
    // (4 digits keep it unique when the suite runs twice on one database)
    const emoji = '\u{1F600}'.repeat(96) + String(Date.now()).slice(-4);
    await page.goto(`${base}/profile/tokens`);
    await page.getByRole('link', { name: 'Create new' }).click();
    const create = page.getByRole('dialog', {
        name: 'Create Personal Access Token' });
    await create.getByLabel('Name').fill(emoji);
    assert.equal(await create.getByLabel('Name').inputValue(), emoji);
    await create.getByRole('button', { name: 'Create' }).click();
    await page.getByText('New token successfully created.').waitFor();
    await page.getByRole('dialog', { name: 'Copy your token' })
        .getByRole('link', { name: 'Close' }).click();
    await page.getByRole('cell', { name: emoji }).waitFor();
});

test('every page works with JavaScript off', async () => {
    const plain = await browser.newContext({
        javaScriptEnabled: false,
        httpCredentials: { username: 'alice', password: 'alice-password' },
    });
    const p = await plain.newPage();
    await p.goto(`${base}/profile/tokens`);
    await p.getByRole('link', { name: 'Create new' }).click();
    await p.getByRole('heading', { name: 'Create Personal Access Token' })
        .waitFor();
    await p.getByLabel('Name').fill(`${name} no-js`);
    await p.getByRole('button', { name: 'Create' }).click();
    await p.getByText('New token successfully created.').waitFor();
    const third = await p.getByLabel('Token', { exact: true }).inputValue();
    assert.equal(await apiStatus(third), 200);
    await p.screenshot({ path: `${shots}/07-no-js-copy.png` });
    await p.getByRole('link', { name: 'Close' }).click();
    const row = p.getByRole('row').filter({ hasText: `${name} no-js` });
    await row.getByRole('link', { name: 'Delete' }).click();
    await p.getByText('This personal access token will be permanently ' +
        'deleted and cannot be restored.').waitFor();
    await p.getByRole('button', { name: 'Proceed' }).click();
    await p.getByText('Token deleted.').waitFor();
    assert.equal(await apiStatus(third), 401);
    await plain.close();
});

// A site with permissions (/perm: permissions.conf)
test('with permissions: the Permissions group, all ticked, is accessible; none ticked is refused with the focus there', async () => {
    await page.goto(`${base}/perm/profile/tokens`);
    await page.getByRole('link', { name: 'Create new' }).click();
    const dialog = page.getByRole('dialog', {
        name: 'Create Personal Access Token' });
    const group = dialog.getByRole('group', { name: 'Permissions' });
    const read = group.getByRole('checkbox', { name: 'Read data' });
    const write = group.getByRole('checkbox',
                                  { name: 'Create and change data' });
    assert.equal(await read.isChecked(), true);
    assert.equal(await write.isChecked(), true);
    await shot('09-permissions');
    await assertAccessible(page, 'the Create dialog with permissions');
    await dialog.getByLabel('Name').fill(`${name} permissions`);
    await read.uncheck();
    await write.uncheck();
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Permissions - Select at least one permission.')
        .waitFor();
    assert.equal(await focusedOnceSettled(page,
                                          () => document.activeElement.id),
                 'perm-read');
    await shot('10-permissions-refused');
    await assertAccessible(page, 'a Create form refused for its permissions');
    await page.getByRole('group', { name: 'Permissions' })
        .getByRole('checkbox', { name: 'Read data' }).check();
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByText('New token successfully created.').waitFor();
    await page.getByRole('dialog', { name: 'Copy your token' })
        .getByRole('link', { name: 'Close' }).click();
    const row = page.getByRole('row').filter({
        hasText: `${name} permissions` });
    await row.getByRole('cell', { name: 'Read data', exact: true }).waitFor();
    await assertAccessible(page, 'the list with a Permissions column');
});

test('the pages\' own requests all succeed, the icon included (no 404)', () => {
    const icon = [...answers].filter(([url]) => url.endsWith('/favicon.svg'));
    assert.ok(icon.length > 0, 'the browser asked for the page icon');
    assert.deepEqual(icon.map(([, status]) => status), icon.map(() => 200));
    const missing = [...answers].filter(([, status]) => status === 404);
    assert.deepEqual(missing, []);
});
