// The administrators' view in a real browser (Debian's Chromium, driven
// by playwright-core), by visible labels: root-admin filters the list by
// owner, clicks "Revoke all" and confirms; the owner's tokens then get
// 401 and another owner's still work.  axe-core on the list and the
// confirmation.
// Run by t/browser.t with the variables flow.test.mjs describes, and
//   PAT_OVERSIGHT_OWNER   the user whose tokens are revoked
//   PAT_OVERSIGHT_TOKENS  their tokens, separated by spaces
//   PAT_OVERSIGHT_OTHER   a token of another user, which must keep working
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { assertAccessible, launchChromium } from './common.mjs';

const base = process.env.PAT_BASE_URL;
const shots = process.env.PAT_SCREENSHOTS;
const home = process.env.PAT_BROWSER_HOME;
const owner = process.env.PAT_OVERSIGHT_OWNER;
const tokens = (process.env.PAT_OVERSIGHT_TOKENS || '').split(' ');
const other = process.env.PAT_OVERSIGHT_OTHER;

let browser;
let page;

before(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await launchChromium(home);
    const context = await browser.newContext({
        httpCredentials: { username: 'root-admin',
                           password: 'root-admin-password' },
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

test('the administrator revokes all tokens of one user', async () => {
    assert.ok(owner && tokens.length === 3 && other,
              't/browser.t made the tokens');
    for (const t of tokens) {
        assert.equal(await apiStatus(t), 200, 'the token works before');
    }
    await page.goto(`${base}/admin/tokens`);
    await page.getByRole('heading', {
        name: 'All Personal Access Tokens' }).waitFor();
    await page.getByLabel('Owner').fill(owner);
    await page.getByRole('button', { name: 'Filter' }).click();
    const rows = page.getByRole('row').filter({ hasText: owner });
    await rows.first().waitFor();
    assert.equal(await rows.count(), 3, 'the filter shows their 3 tokens');
    await assertAccessible(page, 'the administrators\u2019 list');
    await page.screenshot({ path: `${shots}/admin-list.png`,
                            fullPage: true });
    await page.getByRole('link', { name: 'Revoke all' }).click();
    await page.getByText(
        `Revoke all 3 tokens of ${owner}? They stop working at once.`)
        .waitFor();
    await assertAccessible(page, 'the Revoke all confirmation');
    await page.screenshot({ path: `${shots}/admin-revoke-all.png`,
                            fullPage: true });
    await page.getByRole('button', { name: 'Revoke all' }).click();
    await page.getByRole('status')
        .filter({ hasText: `Revoked 3 tokens of ${owner}.` }).waitFor();
    assert.equal(await page.getByRole('row').filter({ hasText: owner })
                     .count(), 0, 'none of their tokens is listed');
    for (const t of tokens) {
        assert.equal(await apiStatus(t), 401, 'the revoked token gets 401');
    }
    assert.equal(await apiStatus(other), 200,
                 'another user\u2019s token still works');
});
