/**
 * CSV files for the report tests, generated deterministically (a seeded LCG), then profiled by
 * the real profiler: the reports are rendered from real summaries, not hand-written ones.
 */

/** A small deterministic pseudo-random generator (Numerical Recipes' LCG constants). */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const COUNTRIES = ['DE', 'FR', 'US', 'GB', 'NL', 'ES', 'IT', 'PL', 'SE', 'CH'];
const COMMENTS = ['ok', 'late delivery', ' needs follow-up', 'refund ', 'great, thanks', 'n/a?'];

/**
 * Twelve columns that exercise every card: int (unique past the exact-distinct limit, so
 * distinct and top values are estimated), text, dates with a few other formats and invalid
 * values, datetimes, booleans, ints with missing and invalid cells, skewed floats, categories,
 * zip codes with leading zeros, comments with whitespace, and an all-empty column.
 */
export function twelveColumnCsv(rows = 5_000): string {
  const rand = lcg(12);
  const lines = [
    'order_id,customer,email,signup_date,last_login,active,age,score,country,zip,comment,legacy_code',
  ];
  for (let r = 0; r < rows; r++) {
    const day = 1 + Math.floor(rand() * 28);
    const month = 1 + Math.floor(rand() * 12);
    const pad = (n: number) => String(n).padStart(2, '0');
    const date =
      rand() < 0.01
        ? `${pad(month)}/${pad(day)}/2024`
        : rand() < 0.005
          ? 'soon'
          : `2024-${pad(month)}-${pad(day)}`;
    const age =
      rand() < 0.08 ? '' : rand() < 0.02 ? 'unknown' : String(18 + Math.floor(rand() * 70));
    const score = (rand() * rand() * 100).toFixed(2);
    const country = COUNTRIES[Math.floor(rand() ** 2 * COUNTRIES.length)]!;
    const zip = String(Math.floor(rand() * 99_999)).padStart(5, '0');
    const comment = rand() < 0.3 ? '' : COMMENTS[Math.floor(rand() * COMMENTS.length)]!;
    lines.push(
      [
        1_000 + r,
        `Customer ${Math.floor(rand() * 300)}`,
        rand() < 0.05 ? 'NA' : `user${Math.floor(rand() * 2_000)}@example.com`,
        date,
        `2024-${pad(month)}-${pad(day)}T${pad(Math.floor(rand() * 24))}:${pad(Math.floor(rand() * 60))}:00Z`,
        rand() < 0.7 ? 'true' : 'false',
        age,
        score,
        country,
        zip,
        comment.includes(',') ? `"${comment}"` : comment,
        '',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A wide file: `columns` columns with long, similar names, cycling through int, float,
 * category, date and boolean columns; every third column has missing cells and every seventh
 * a few invalid ones, so most cards carry issues.
 */
export function wideCsv(columns: number, rows: number): string {
  const rand = lcg(3_000);
  const kinds = ['int', 'float', 'category', 'date', 'boolean'] as const;
  const names = Array.from(
    { length: columns },
    (_, c) => `sensor_${kinds[c % kinds.length]}_channel_${String(c).padStart(5, '0')}`,
  );
  const lines = [names.join(',')];
  for (let r = 0; r < rows; r++) {
    const cells = names.map((_, c) => {
      if (c % 3 === 0 && rand() < 0.1) return '';
      if (c % 7 === 0 && rand() < 0.02) return 'err';
      switch (kinds[c % kinds.length]) {
        case 'int':
          return String(Math.floor(rand() * 1_000));
        case 'float':
          return (rand() * 50 - 10).toFixed(3);
        case 'category':
          return `level_${Math.floor(rand() ** 2 * 12)}`;
        case 'date':
          return `2025-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
        default:
          return rand() < 0.5 ? 'yes' : 'no';
      }
    });
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Payloads that would run script or break out of HTML, JSON or attributes if not escaped. */
export const XSS = {
  script: '<script>window.__pwned=1</script>',
  img: `"'><img src=x onerror="window.__pwned=2">`,
  close: '</script><script>window.__pwned=3</script>',
  svg: '<svg onload=window.__pwned=4>',
  comment: '<!--<script>',
  controls: 'a\u0001b\u0007c\tb\u001bd\u007fe\u0085f',
  separators: 'line\u2028para\u2029end',
  bidi: 'abc\u202edcba',
  entity: '&lt;b&gt;bold&lt;/b&gt; &amp;',
  url: 'javascript:window.__pwned=5',
} as const;

/** A CSV whose header and values are the payloads above, one column per payload. */
export function xssCsv(): string {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const payloads = Object.values(XSS);
  const lines = [payloads.map(quote).join(',')];
  for (let r = 0; r < 20; r++) {
    lines.push(
      payloads
        .map((_, i) => quote(r % 4 === 0 ? '' : `${payloads[(i + r) % payloads.length]}`))
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
