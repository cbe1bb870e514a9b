/**
 * The dashboard's only style sheet, inlined and allowed by its hash in the page's policy (see
 * page.ts). Light and dark through `prefers-color-scheme`; the palette is the HTML report's
 * (src/report/style.ts). No `style` attributes anywhere: the policy allows none.
 */
export const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1d1f23;--muted:#5b616b;--line:#d8dbe0;--soft:#f4f5f7;--accent:#2f5fb3;
--bar:#4a78b5;--ok:#1e7b34;--err:#b3261e;--warn:#8a5300;--info:#1f5fa8}
@media (prefers-color-scheme:dark){:root{--bg:#15171a;--fg:#e6e8eb;--muted:#a3a9b3;--line:#3a3f47;--soft:#1f2226;
--accent:#8fb4ff;--bar:#6f9ad6;--ok:#7bd88f;--err:#ff8a80;--warn:#f5c26b;--info:#8fb4ff}}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:.8rem 1.25rem 3rem;background:var(--bg);color:var(--fg)}
header{display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;align-items:baseline;border-bottom:1px solid var(--line);padding-bottom:.4rem}
h1{font-size:1.35rem;margin:.2rem 0}h1 span{font-weight:400;color:var(--muted)}
h2{font-size:1.05rem;margin:1.3rem 0 .45rem}h2 small{font-weight:400;color:var(--muted)}
.meta{margin:0;color:var(--muted);font-size:13px}code{font-size:12px}
.live{margin:0 0 0 auto;font-size:13px;font-weight:600;color:var(--warn)}.live[data-state=live]{color:var(--ok)}
a{color:var(--accent)}
.top{display:grid;grid-template-columns:minmax(16rem,1fr) 2fr;gap:1rem 1.5rem;align-items:start}
@media (max-width:900px){.top{grid-template-columns:1fr}}
.drop{display:block;border:2px dashed var(--line);border-radius:8px;padding:1.1rem;text-align:center;cursor:pointer;background:var(--soft)}
.drop.over{border-color:var(--accent)}.drop strong{display:block;font-size:15px}.drop small{color:var(--muted)}
#sent{list-style:none;margin:.4rem 0 0;padding:0;font-size:13px;max-height:7.5rem;overflow:auto}
#sent li{overflow-wrap:anywhere}#sent [data-state=error] .state{color:var(--err)}#sent [data-state=stored] .state{color:var(--ok)}
.charts{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:.6rem}
.chart-card{margin:0;border:1px solid var(--line);border-radius:6px;padding:.35rem .5rem .25rem}
.chart-card figcaption{display:flex;justify-content:space-between;gap:.5rem;font-size:12px;color:var(--muted);white-space:nowrap}
.chart-card strong{color:var(--fg);font-variant-numeric:tabular-nums}
svg.chart{display:block;width:100%;height:56px}svg.chart rect{fill:var(--bar)}svg.chart .axis{stroke:var(--line)}
.c-errors rect,.c-throttles rect{fill:var(--err)}
.scale{font-size:11px;color:var(--muted);text-align:right}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:.25rem .45rem;text-align:left;vertical-align:top}
thead th{background:var(--soft);font-weight:600;white-space:nowrap}
th[scope=row]{font-weight:500;white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:isolate;min-width:9rem}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.st{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-size:12px;font-weight:600;border:1px solid currentColor;white-space:nowrap}
.st-success{color:var(--ok)}.st-error{color:var(--err)}.st-retrying{color:var(--warn)}.st-queued{color:var(--info)}
.msg{display:block;color:var(--muted);font-size:12px;overflow-wrap:anywhere;unicode-bidi:isolate}
.links{white-space:nowrap}
.empty{color:var(--muted);font-size:13px}
button{font:inherit;color:inherit;background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:.15rem .6rem;cursor:pointer}
button:disabled{cursor:progress;opacity:.6}.note{color:var(--muted);font-size:12px;margin-left:.4rem}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
`;
