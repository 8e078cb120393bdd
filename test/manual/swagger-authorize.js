/**
 * Drives Swagger UI's Authorize flow against examples/todo in headless Chromium: log in through
 * the OAuth2 password form, then create a todo with "Try it out". Manual (not part of `npm test`:
 * it needs a browser and takes ~15 s on a shared machine):
 *
 *   apt-get install -y chromium && npm install --no-save playwright-core@1.65.1
 *   npm run build && npm run build:examples && node test/manual/swagger-authorize.js
 */
const assert = require("node:assert/strict");
const path = require("node:path");
const { chromium } = require("playwright-core");

const ROOT = path.resolve(__dirname, "../..");
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

(async () => {
  const { app } = require(path.join(ROOT, "dist/examples/todo/app.js"));
  const { port } = await app.listen(0, "127.0.0.1");
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: FLAGS });
  try {
    const page = await browser.newPage();
    const calls = [];
    page.on("response", (r) => {
      const url = new URL(r.url());
      if (!url.pathname.startsWith("/docs")) calls.push({ call: `${r.request().method()} ${url.pathname}`, status: r.status(), authorization: r.request().headers().authorization });
    });
    await page.goto(`http://127.0.0.1:${port}/docs`);
    await page.click(".btn.authorize");
    await page.fill("#oauth_username", "alice");
    await page.fill("#oauth_password", "wonderland");
    await page.click(".scopes a[data-all=true]");
    await page.click(".auth-btn-wrapper .btn.modal-btn.auth.authorize");
    await page.waitForSelector(".auth-btn-wrapper button:has-text('Logout')", { timeout: 15000 });
    await page.click(".close-modal");
    const operation = "#operations-todos-post_todos";
    await page.click(`${operation} .opblock-summary`);
    await page.click(`${operation} .try-out__btn`);
    await page.fill(`${operation} textarea.body-param__text`, '{"title":"from Swagger UI"}');
    await page.click(`${operation} .execute`);
    await page.waitForSelector(`${operation} .live-responses-table tbody .response-col_status`, { timeout: 15000 });
    const status = (await page.textContent(`${operation} .live-responses-table tbody .response-col_status`)).trim();
    console.log(calls.map((c) => `${c.call} → ${c.status}${c.authorization ? ` (Authorization: ${c.authorization.split(" ")[0]} …)` : ""}`).join("\n"));
    assert.equal(status, "201");
    assert.deepEqual(calls.map((c) => [c.call, c.status]), [["GET /openapi.json", 200], ["POST /token", 200], ["POST /todos/", 201]]);
    assert.match(calls[2].authorization, /^Bearer \S+$/);
    console.log("Swagger UI Authorize flow: OK");
  } finally {
    await browser.close();
    await app.close();
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
