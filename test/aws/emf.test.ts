import { describe, expect, it } from 'vitest';
import { parseEmf } from '../../src/aws/emf.js';

describe('parseEmf', () => {
  it('returns each metric with its values, unit, namespace and dimensions', () => {
    // Prepare
    const line = JSON.stringify({
      _aws: {
        Timestamp: 1,
        CloudWatchMetrics: [
          {
            Namespace: 'CsvIngest',
            Dimensions: [['service', 'environment']],
            Metrics: [
              { Name: 'Rows', Unit: 'Count' },
              { Name: 'Latency', Unit: 'Milliseconds' },
            ],
          },
        ],
      },
      service: 'csv-ingest',
      environment: 'local',
      Rows: 10,
      Latency: [1.5, 2.5],
    });

    // Act
    const metrics = parseEmf(`2024-01-01T00:00:00Z\treq\tINFO\t${line}`);

    // Assess
    expect(metrics).toEqual([
      {
        namespace: 'CsvIngest',
        name: 'Rows',
        unit: 'Count',
        values: [10],
        dimensions: { service: 'csv-ingest', environment: 'local' },
        timestamp: 1,
      },
      {
        namespace: 'CsvIngest',
        name: 'Latency',
        unit: 'Milliseconds',
        values: [1.5, 2.5],
        dimensions: { service: 'csv-ingest', environment: 'local' },
        timestamp: 1,
      },
    ]);
  });

  it('returns undefined for plain and non-EMF JSON lines', () => {
    // Act
    const results = ['hello', '{"level":"INFO","_aws":1}', '{"message":"x"}', '{broken _aws'].map(
      parseEmf,
    );

    // Assess
    expect(results).toEqual([undefined, undefined, undefined, undefined]);
  });
});
