import { describe, expect, it } from 'vitest';
import { HyperLogLog, SketchJsonError } from '../../../src/profile/sketch/index.js';
import { hashString } from '../../oracles/index.js';

function sketchOf(from: number, to: number): HyperLogLog {
  const hll = new HyperLogLog();
  for (let i = from; i < to; i++) hll.add(hashString(String(i)));
  return hll;
}

describe('HyperLogLog', () => {
  it('returns 0 for an empty sketch', () => {
    // Prepare
    const hll = new HyperLogLog();
    // Act
    const estimate = hll.estimate();
    // Assess
    expect(estimate).toBe(0);
  });

  it('returns estimates within 2% at 1e3, 1e4, 1e5 and 1e6 distinct values', () => {
    // Prepare
    const hll = new HyperLogLog();
    const checkpoints = new Map<number, number>();
    // Act
    for (let i = 0; i < 1_000_000; i++) {
      hll.add(hashString(String(i)));
      const n = i + 1;
      if (n === 1e3 || n === 1e4 || n === 1e5 || n === 1e6) checkpoints.set(n, hll.estimate());
    }
    // Assess
    expect(checkpoints.size).toBe(4);
    for (const [n, estimate] of checkpoints) {
      expect(Math.abs(estimate / n - 1), `at ${n}: ${estimate}`).toBeLessThan(0.02);
    }
  });

  it('returns the same estimate when values repeat', () => {
    // Prepare
    const once = sketchOf(0, 5000);
    const twice = sketchOf(0, 5000);
    // Act
    for (let i = 0; i < 5000; i++) twice.add(hashString(String(i)));
    // Assess
    expect(twice.estimate()).toBe(once.estimate());
  });

  it('returns the registers of the whole stream after merging its two halves', () => {
    // Prepare
    const whole = sketchOf(0, 200_000);
    const left = sketchOf(0, 100_000);
    const right = sketchOf(100_000, 200_000);
    // Act
    left.merge(right);
    // Assess
    expect(left.registers).toEqual(whole.registers);
  });

  it('returns an equal sketch after a JSON round trip', () => {
    // Prepare
    const hll = sketchOf(0, 30_000);
    // Act
    const copy = HyperLogLog.fromJSON(JSON.parse(JSON.stringify(hll)));
    // Assess
    expect(copy.registers).toEqual(hll.registers);
    expect(copy.estimate()).toBe(hll.estimate());
    expect(hll.toJSON().p).toBe(14);
  });

  it('throws SketchJsonError for a wrong precision or register count', () => {
    // Prepare
    const good = sketchOf(0, 10).toJSON();
    // Act & Assess
    expect(() => HyperLogLog.fromJSON({ ...good, p: 12 })).toThrow(SketchJsonError);
    expect(() => HyperLogLog.fromJSON({ ...good, registers: 'AAAA' })).toThrow(SketchJsonError);
  });
});
