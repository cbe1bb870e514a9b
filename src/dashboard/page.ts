import { cspHash } from '../report/csp.js';
import { escapeHtml, jsonForScript } from '../report/escape.js';
import { CLIENT_SCRIPT } from './clientScript.js';
import { TOKEN_HEADER } from './constants.js';
import { ROUTES } from './routes.js';
import { STYLE } from './style.js';
import type { PageBoot } from './types.js';

/**
 * The page's Content-Security-Policy, sent as a header (so `frame-ancestors` holds too): its
 * one inline script and one inline style by hash, network only to itself (`connect-src 'self'`
 * for the events, uploads and replays), a `data:` icon, no framing (the replay button cannot be
 * clickjacked), no `<base>`, no form submission, and Trusted Types enforced so no string reaches
 * an HTML sink (see clientScript.ts).
 */
export const PAGE_POLICY = [
  "default-src 'none'",
  `script-src ${cspHash(CLIENT_SCRIPT)}`,
  `style-src ${cspHash(STYLE)}`,
  "connect-src 'self'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

/** The dashboard page: a static shell, its data block and its script; the rest arrives by events. */
export function renderDashboardPage(boot: PageBoot): string {
  const data = {
    ...boot,
    tokenHeader: TOKEN_HEADER,
    paths: {
      events: ROUTES.events,
      uploads: ROUTES.uploads,
      failures: ROUTES.failures,
      replay: ROUTES.replaySuffix,
    },
  };
  const accept = boot.suffixes.join(',');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>csv-ingest local dashboard</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>csv-ingest <span>local dashboard</span></h1>
<p class="meta">bucket <code>${escapeHtml(boot.bucket)}</code> · S3 <code>${escapeHtml(boot.endpoints.s3)}</code> · DynamoDB <code>${escapeHtml(boot.endpoints.dynamodb)}</code></p>
<p id="live" class="live" role="status">connecting…</p>
</header>
<main>
<div class="top">
<section aria-labelledby="h-upload">
<h2 id="h-upload">Upload</h2>
<label id="drop" class="drop" for="file"><strong>Drop CSV files here</strong> or click to choose files<br><small>stored under <code>${escapeHtml(boot.uploadPrefix)}</code>; names ending in ${escapeHtml(boot.suffixes.join(' '))}</small></label>
<input id="file" class="sr" type="file" multiple accept="${escapeHtml(accept)}">
<ul id="sent" aria-live="polite"></ul>
</section>
<section aria-labelledby="h-metrics">
<h2 id="h-metrics">Processor metrics <small>per 2 s, last 3 minutes; totals since start</small></h2>
<div id="charts" class="charts"></div>
<p id="failure-handler" class="empty"></p>
</section>
</div>
<section aria-labelledby="h-uploads">
<h2 id="h-uploads">Uploads <small>newest first</small></h2>
<table>
<thead><tr><th scope="col">file</th><th scope="col">size</th><th scope="col">status</th><th scope="col">rows</th><th scope="col">columns</th><th scope="col">issues</th><th scope="col">upload to item</th><th scope="col">results</th></tr></thead>
<tbody id="upload-rows"></tbody>
</table>
<p id="no-uploads" class="empty">No upload yet: drop a file above, or use the AWS CLI against S3.</p>
</section>
<section aria-labelledby="h-failures">
<h2 id="h-failures">On-failure queue <small>invocations that failed after Lambda's retries</small></h2>
<table>
<thead><tr><th scope="col">time</th><th scope="col">file</th><th scope="col">error</th><th scope="col">attempts</th><th scope="col">replay</th></tr></thead>
<tbody id="failure-rows"></tbody>
</table>
<p id="no-failures" class="empty">No failure recorded.</p>
</section>
</main>
<script type="application/json" id="boot">${jsonForScript(data)}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
