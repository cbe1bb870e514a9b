import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { enabledServices, LOCALSTACK_SERVICES, type NeededServices } from './localstackServices.js';
import {
  type Body,
  childScope,
  loadConfig,
  nestedBlocks,
  parseHcl,
  rootScope,
  type Scope,
  type TfConfig,
} from './terraformModel.js';

const REPO = resolve(import.meta.dirname, '../..');

let config: TfConfig;
let scopes: Scope[];
let services: string[];

beforeAll(async () => {
  config = await loadConfig();
  const root = rootScope(config, await parseHcl(join(config.rootDir, 'localstack.tfvars')));
  scopes = [
    root,
    ...[...config.root.moduleCalls.keys()].map((name) => childScope(config, root, name)),
  ];
  const compose = await readFile(join(REPO, 'docker-compose.yml'), 'utf8');
  services = /SERVICES=([\w,]+)/.exec(compose)?.[1]?.split(',') ?? [];
});

/** Every resource and data source of the LocalStack deployment with the services it needs. */
function needs(): Array<{ where: string; type: string; needed?: NeededServices }> {
  return scopes.flatMap((scope) => {
    const where = relative(config.rootDir, scope.module.dir) || '(root)';
    const blocks: Array<[string, string, Body]> = [
      ...[...scope.module.resources].map(([key, body]): [string, string, Body] => [
        key,
        key.split('.')[0]!,
        body,
      ]),
      ...[...scope.module.data].map(([key, body]): [string, string, Body] => [
        `data.${key}`,
        `data.${key.split('.')[0]}`,
        body,
      ]),
    ];
    return blocks.map(([key, type, body]) => ({
      where: `${where} ${key}`,
      type,
      needed: LOCALSTACK_SERVICES[type]?.(body, scope),
    }));
  });
}

describe('LocalStack services', () => {
  it('knows, from LocalStack 4.14 source, the services of every resource type deployed', () => {
    // Act
    const unknown = needs()
      .filter((n) => n.needed === undefined)
      .map((n) => n.where);

    // Assess
    expect(needs().length).toBeGreaterThan(20);
    expect(unknown, 'add a row to test/terraform/localstackServices.ts').toEqual([]);
  });

  it('enables in docker-compose SERVICES every service a resource makes LocalStack call', () => {
    // Prepare
    const enabled = enabledServices(services);

    // Act
    const missing = needs().flatMap(({ where, needed }) =>
      [...(needed?.api ?? []), ...(needed?.internal ?? [])]
        .filter((service) => !enabled.has(service))
        .map((service) => `${where} needs ${service}`),
    );

    // Assess
    expect(services.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('enables no service that no resource needs', () => {
    // Act
    const used = new Set(
      needs().flatMap(({ needed }) => [...(needed?.api ?? []), ...(needed?.internal ?? [])]),
    );

    // Assess
    expect(services.filter((s) => !used.has(s))).toEqual([]);
  });

  it('points the provider at LocalStack for every API Terraform calls', () => {
    // Prepare
    const provider = config.root.providers.get('aws')![0]!;
    const endpoints =
      ((nestedBlocks(provider, 'endpoints').dynamic?.content ?? []) as Body[])[0] ?? {};

    // Act
    const apis = new Set(needs().flatMap(({ needed }) => needed?.api ?? []));

    // Assess
    expect([...apis].filter((a) => !(a in endpoints))).toEqual([]);
  });

  it('returns kms for a table encrypted with the AWS managed key (the 4.14 CreateTable path)', () => {
    // Prepare
    const dynamodb = scopes.find((s) => s.module.resources.has('aws_dynamodb_table.this'))!;

    // Act
    const plain = LOCALSTACK_SERVICES.aws_dynamodb_table!({}, dynamodb);
    const encrypted = LOCALSTACK_SERVICES.aws_dynamodb_table!(
      { server_side_encryption: [{ enabled: true }] },
      dynamodb,
    );

    // Assess
    expect(plain.internal).toEqual([]);
    expect(encrypted.internal).toEqual(['kms']);
  });
});
