const CITIES = ['Berlin', 'Lisbon', 'Oslo', 'Austin', 'Kyoto', 'Lima', 'Cairo', 'Perth'];

/**
 * A deterministic CSV with a header and `rows` data rows of mixed types
 * (id int, name string, city string, amount float, active boolean, day date).
 */
export function generateCsv(rows: number): string {
  const lines = ['id,name,city,amount,active,day'];
  for (let i = 1; i <= rows; i += 1) {
    const amount = ((i * 7919) % 100_000) / 100;
    const day = `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    lines.push(
      `${i},name_${i},${CITIES[i % CITIES.length]},${amount.toFixed(2)},${i % 3 === 0},${day}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A run id: UTC time to the second plus 6 random hex digits, safe in S3 keys. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const random = Math.floor(Math.random() * 0xffffff)
    .toString(16)
    .padStart(6, '0');
  return `${stamp}-${random}`;
}
