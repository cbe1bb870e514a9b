import { access, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  allModules,
  type Body,
  calledModule,
  collectStrings,
  interpolations,
  loadConfig,
  parseHcl,
  type TfConfig,
  type TfModule,
} from './terraformModel.js';

const META_ARGUMENTS = new Set([
  'source',
  'version',
  'providers',
  'depends_on',
  'count',
  'for_each',
]);
const MODULES = ['s3', 'lambda', 'dynamodb', 'iam', 'monitoring'];

let config: TfConfig;

beforeAll(async () => {
  config = await loadConfig();
});

function label(config: TfConfig, mod: TfModule): string {
  return relative(config.rootDir, mod.dir) || '(root)';
}

/** `kind.name[.attr]` references inside the interpolations of every string of a module. */
function referencesIn(mod: TfModule): string[] {
  const refs: string[] = [];
  for (const body of mod.files.values()) {
    for (const text of collectStrings(body)) {
      for (const expr of interpolations(text)) {
        // Drop string literals inside expressions ("AWS/Lambda", "Operation", ...).
        const code = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
        refs.push(...(code.match(/\b[a-z_][\w-]*(?:\.[\w-]+)+/g) ?? []));
      }
    }
  }
  return refs;
}

describe('terraform files', () => {
  it('parses every .tf and .tfvars file with the HCL parser', async () => {
    // Prepare
    const files: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (entry.name.startsWith('.')) continue;
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (/\.(tf|tfvars)$/.test(entry.name)) files.push(path);
      }
    };
    await walk(config.rootDir);

    // Act
    const parsed = await Promise.all(files.map((f) => parseHcl(f)));

    // Assess
    expect(files.length).toBeGreaterThanOrEqual(5 + 2 + MODULES.length * 4);
    expect(parsed.every((json) => typeof json === 'object' && json !== null)).toBe(true);
  });

  it('has the root files and the five modules, each with main/variables/outputs/versions', async () => {
    // Act
    const rootFiles = [...config.root.files.keys()];
    const moduleKeys = [...config.children.keys()].sort();

    // Assess
    expect(rootFiles).toEqual(
      expect.arrayContaining([
        'main.tf',
        'variables.tf',
        'provider.tf',
        'outputs.tf',
        'versions.tf',
      ]),
    );
    await access(join(config.rootDir, 'localstack.tfvars'));
    await access(join(config.rootDir, 'aws.tfvars'));
    expect(moduleKeys).toEqual(MODULES.map((m) => `modules/${m}`).sort());
    for (const child of config.children.values()) {
      expect([...child.files.keys()].sort()).toEqual([
        'main.tf',
        'outputs.tf',
        'variables.tf',
        'versions.tf',
      ]);
    }
  });

  it('declares providers only in the root module', () => {
    // Act
    const withProviders = allModules(config).filter((m) => m.providers.size > 0);

    // Assess
    expect(withProviders.map((m) => label(config, m))).toEqual(['(root)']);
    expect([...config.root.providers.keys()]).toEqual(['aws']);
    expect(config.root.providers.get('aws')).toHaveLength(1);
  });

  it('requires Terraform >= 1.5 and the AWS provider 5.100 to 6.x, and no other provider', () => {
    for (const mod of allModules(config)) {
      // Act
      const settings = mod.terraformBlocks[0] as Body;
      const providers = (settings.required_providers as Body[])[0] as Body;
      const aws = providers.aws as Body;

      // Assess: the mirror on the developers' and CI machines holds 5.100.0 (terraformCli.test.ts).
      expect(settings.required_version, label(config, mod)).toBe('>= 1.5.0');
      expect(Object.keys(providers)).toEqual(['aws']);
      expect(aws.source).toBe('hashicorp/aws');
      expect(aws.version).toBe('>= 5.100, < 7.0');
    }
  });

  it('gives every variable a description and a type, and every output a description', () => {
    for (const mod of allModules(config)) {
      for (const [name, decl] of mod.variables) {
        expect(typeof decl.description, `${label(config, mod)} var.${name}`).toBe('string');
        expect(typeof decl.type, `${label(config, mod)} var.${name}`).toBe('string');
      }
      for (const [name, decl] of mod.outputs) {
        expect(typeof decl.description, `${label(config, mod)} output.${name}`).toBe('string');
      }
    }
  });
});

describe('module calls', () => {
  it('pass only declared variables and every variable without a default', () => {
    for (const mod of allModules(config)) {
      for (const [callName, call] of mod.moduleCalls) {
        // Prepare
        const child = calledModule(config, mod, callName);
        const given = Object.keys(call).filter((k) => !META_ARGUMENTS.has(k));
        const required = [...child.variables].filter(([, d]) => !('default' in d)).map(([n]) => n);

        // Act
        const unknown = given.filter((k) => !child.variables.has(k));
        const missing = required.filter((k) => !given.includes(k));

        // Assess
        expect(unknown, `module.${callName}: unknown arguments`).toEqual([]);
        expect(missing, `module.${callName}: missing required variables`).toEqual([]);
      }
    }
  });
});

describe('references', () => {
  it('resolve to a declared variable, local, resource, data source or module output', () => {
    const problems: string[] = [];
    for (const mod of allModules(config)) {
      // Prepare
      const where = label(config, mod);
      const dynamicIterators = new Set<string>();
      for (const text of collectStrings([...mod.files.values()])) {
        for (const m of text.matchAll(/\b(\w+)\.(?:value|key)\b/g)) dynamicIterators.add(m[1]!);
      }

      // Act
      for (const ref of referencesIn(mod)) {
        const [kind, name, attr] = ref.split('.');
        if (kind === 'var' && !mod.variables.has(name!)) problems.push(`${where}: ${ref}`);
        else if (kind === 'local' && !mod.locals.has(name!)) problems.push(`${where}: ${ref}`);
        else if (kind === 'module') {
          if (!mod.moduleCalls.has(name!)) problems.push(`${where}: ${ref} (no such module)`);
          else if (!calledModule(config, mod, name!).outputs.has(attr!)) {
            problems.push(`${where}: ${ref} (no such output)`);
          }
        } else if (kind === 'data' && !mod.data.has(`${name}.${attr}`))
          problems.push(`${where}: ${ref}`);
        else if (/^(aws|random)_/.test(kind!) && !mod.resources.has(`${kind}.${name}`)) {
          problems.push(`${where}: ${ref}`);
        } else if (
          ![
            'var',
            'local',
            'module',
            'data',
            'path',
            'terraform',
            'each',
            'count',
            'self',
          ].includes(kind!) &&
          !/^(aws|random)_/.test(kind!) &&
          !dynamicIterators.has(kind!) &&
          !/^[a-z]$/.test(kind!) // for-expression variables (for i, m in ...)
        ) {
          problems.push(`${where}: ${ref} (unknown kind)`);
        }
      }
    }

    // Assess
    expect(problems).toEqual([]);
  });

  it('finds the references it checks (the scan is not vacuous)', () => {
    // Act
    const refs = referencesIn(config.root);

    // Assess
    expect(refs).toContain('module.lambda.processor_function_arn');
    expect(refs).toContain('var.environment');
    expect(refs).toContain('local.name_prefix');
  });

  it('uses every declared variable of every module', () => {
    for (const mod of allModules(config)) {
      // Act
      const used = new Set(
        referencesIn(mod)
          .filter((r) => r.startsWith('var.'))
          .map((r) => r.split('.')[1]),
      );
      const unused = [...mod.variables.keys()].filter((v) => !used.has(v));

      // Assess
      expect(unused, label(config, mod)).toEqual([]);
    }
  });
});

describe('tfvars', () => {
  it.each(['localstack', 'aws'])(
    'declares every key of %s.tfvars in the root variables',
    async (env) => {
      // Act
      const tfvars = await parseHcl(join(config.rootDir, `${env}.tfvars`));
      const undeclared = Object.keys(tfvars).filter((k) => !config.root.variables.has(k));

      // Assess
      expect(Object.keys(tfvars).length).toBeGreaterThan(3);
      expect(undeclared).toEqual([]);
      expect(tfvars.environment).toBe(env);
    },
  );
});
