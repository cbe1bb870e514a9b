/**
 * The report's only style sheet, inlined and allowed by its hash (see csp.ts). Light and dark
 * through `prefers-color-scheme`; `@media print` drops the controls and keeps cards whole (the
 * script opens and renders the cards before printing). No `style` attributes anywhere: the
 * policy allows none.
 */
export const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1d1f23;--muted:#5b616b;--line:#d8dbe0;--soft:#f4f5f7;--accent:#2f5fb3;
--bar:#4a78b5;--track:#e6e9ee;--miss:#c0392b;--inv:#b7791f;--err:#b3261e;--warn:#8a5300;--info:#1f5fa8}
@media (prefers-color-scheme:dark){:root{--bg:#15171a;--fg:#e6e8eb;--muted:#a3a9b3;--line:#3a3f47;--soft:#1f2226;
--accent:#8fb4ff;--bar:#6f9ad6;--track:#2b3038;--miss:#ff7b6b;--inv:#f0b451;--err:#ff8a80;--warn:#f5c26b;--info:#8fb4ff}}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1100px;padding:1rem 1.25rem 3rem;background:var(--bg);color:var(--fg)}
h1{font-size:1.5rem;margin:.4rem 0 .2rem;overflow-wrap:anywhere}h2{font-size:1.15rem;margin:1.8rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
a{color:var(--accent)}.muted{color:var(--muted)}
table{border-collapse:collapse;margin:.4rem 0 .8rem;font-size:13px}caption{text-align:left;font-weight:600;padding:.2rem 0;caption-side:top}
th,td{border:1px solid var(--line);padding:.2rem .45rem;text-align:left;vertical-align:top}thead th{background:var(--soft)}
th[scope=row]{font-weight:500}.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.v,.cn{white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:isolate}
.facts th{background:var(--soft);white-space:nowrap}
.sev{display:inline-block;padding:0 .4rem;border-radius:.6rem;font-size:12px;font-weight:600;border:1px solid currentColor}
.s0{color:var(--err)}.s1{color:var(--warn)}.s2{color:var(--info)}
.sev-group{margin:.3rem 0}.sev-group>summary{cursor:pointer;padding:.2rem 0}
.controls{position:sticky;top:0;z-index:1;background:var(--bg);display:flex;flex-wrap:wrap;gap:.5rem .8rem;align-items:center;padding:.5rem 0;border-bottom:1px solid var(--line)}
.controls input[type=search]{min-width:16rem;padding:.3rem .5rem;font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:4px}
.controls select,.controls button{font:inherit;color:inherit;background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:.25rem .6rem;cursor:pointer}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.col{border:1px solid var(--line);border-radius:6px;margin:.35rem 0;scroll-margin-top:6rem;content-visibility:auto;contain-intrinsic-size:auto 2.4rem}
.col>summary{cursor:pointer;padding:.35rem .6rem;display:flex;gap:.6rem;align-items:baseline;flex-wrap:wrap}
.col[open]>summary{border-bottom:1px solid var(--line);background:var(--soft)}
.ci{color:var(--muted);font-variant-numeric:tabular-nums;min-width:3ch;text-align:right}.cn{font-weight:600}
.ty{font-size:12px;padding:0 .35rem;border-radius:3px;background:var(--soft);border:1px solid var(--line)}
.cm{color:var(--muted);font-size:13px}.cx{color:var(--warn);font-size:12px}
.cb{padding:.3rem .7rem}.cb:empty{display:none}
.grid{display:flex;flex-wrap:wrap;gap:0 1.5rem;align-items:flex-start}.charts{display:flex;flex-direction:column;gap:.3rem}
figure{margin:.4rem 0}figcaption{font-size:12px;color:var(--muted)}
svg .bar{fill:var(--bar)}svg .track{fill:var(--track)}svg .axis{stroke:var(--muted)}svg .tick{font-size:11px;fill:var(--muted)}
.share{vertical-align:middle}
#strip{display:block;height:64px;background:var(--soft);cursor:crosshair}#strip:not(.scroll){width:100%}
.strip{overflow-x:auto;border:1px solid var(--line)}
#strip .m{stroke:var(--miss)}#strip .i{stroke:var(--inv)}
.legend{font-size:12px;color:var(--muted)}.key{display:inline-block;width:.8rem;height:.8rem;vertical-align:-1px;margin:0 .25rem 0 .6rem}
.key.m{background:var(--miss)}.key.i{background:var(--inv)}
output{display:block;min-height:1.4em;font-size:13px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media print{
:root{--bg:#fff;--fg:#000;--muted:#444;--line:#bbb;--soft:#f2f2f2}
body{max-width:none;padding:0}.controls,#strip-out,noscript{display:none}
.col{break-inside:avoid;content-visibility:visible}.strip{overflow:visible}#strip{width:100%}.col>summary{list-style:none}
a{color:inherit;text-decoration:none}}
`;
