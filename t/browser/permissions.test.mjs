// Token permissions in a real browser (README "Role Permissions"), by the
// visible labels: create a read-only token on the pages whose admin.conf
// names a PermissionsFile (/perm/profile/tokens), call a location that
// needs write (403) and one that needs read (200) with it, then edit it
// to add write and call again (200).  Run by t/browser.t:
//   PAT_BASE_URL      http://localhost:PORT
//   PAT_SCREENSHOTS   folder for screenshots
//   PAT_BROWSER_HOME  a writable folder for Chromium's profile
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { assertAccessible, launchChromium } from './common.mjs';

const base = process.env.PAT_BASE_URL;
const shots = process.env.PAT_SCREENSHOTS;
const pages = `${base}/perm/profile/tokens`;

let browser;
let page;

before(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await launchChromium(process.env.PAT_BROWSER_HOME);
    const context = await browser.newContext({
        httpCredentials: { username: 'alice', password: 'alice-password' },
    });
    page = await context.newPage();
});

after(async () => {
    await browser?.close();
});

// The status of a GET with the token in x-pat (the API client's view).
async function status(path, token) {
    const res = await fetch(`${base}${path}`, { headers: { 'x-pat': token } });
    return res.status;
}

const name = `Read-only ${Date.now()}`;
let token;

// (the Permissions group's defaults, its refusal and its accessibility on
// Create are in flow.test.mjs)
test('create a read-only token by the visible labels', async () => {
    await page.goto(pages);
    await page.getByRole('link', { name: 'Create new' }).click();
    const dialog = page.getByRole('dialog', {
        name: 'Create Personal Access Token' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Description').fill('for the reporting script');
    await dialog.getByRole('group', { name: 'Permissions' })
        .getByLabel('Create and change data').uncheck();
    await page.screenshot({ path: `${shots}/20-create-read-only.png` });
    await dialog.getByRole('button', { name: 'Create' }).click();
    const copy = page.getByRole('dialog', { name: 'Copy your token' });
    await copy.waitFor();
    token = await copy.getByLabel('Token', { exact: true }).inputValue();
    assert.match(token, /^pat_[0-9A-Za-z]{36}$/);
    await copy.getByRole('link', { name: 'Close' }).click();
});

test('the list shows its permission by label', async () => {
    const row = page.getByRole('row').filter({ hasText: name });
    await row.getByRole('cell', { name: 'Read data', exact: true }).waitFor();
    assert.equal(await row.getByText('Create and change data').count(), 0);
    await assertAccessible(page, 'the list with a Permissions column');
});

test('the read-only token: 403 where write is required, 200 for read', async () => {
    assert.equal(await status('/perm-write/env.cgi', token), 403);
    assert.equal(await status('/perm-read/env.cgi', token), 200);
});

test('Edit adds write, and the same call answers 200', async () => {
    const row = page.getByRole('row').filter({ hasText: name });
    await row.getByRole('link', { name: 'Edit' }).click();
    const group = page.getByRole('group', { name: 'Permissions' });
    assert.equal(await group.getByLabel('Read data').isChecked(), true);
    assert.equal(await group.getByLabel('Create and change data').isChecked(),
                 false);
    await group.getByLabel('Create and change data').check();
    await page.screenshot({ path: `${shots}/21-edit-permissions.png` });
    await assertAccessible(page, 'the Edit page with Permissions');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Token updated.').waitFor();
    const edited = page.getByRole('row').filter({ hasText: name });
    await edited.getByText('Create and change data').waitFor();
    assert.equal(await status('/perm-write/env.cgi', token), 200);
    assert.equal(await status('/perm-read/env.cgi', token), 200);
});
