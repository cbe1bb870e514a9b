// Loads the Terraform configuration with a real HCL parser (@cdktf/hcl2json) into a small model
// the static tests query: per module its variables, outputs, locals, resources, data sources,
// module calls and provider blocks, plus a resolver that follows `var.*` / `local.*` through
// module calls to literal values (defaults and tfvars), leaving other expressions symbolic. A few
// whole expressions are evaluated as Terraform does (see evaluateExpression): the ones the root
// module uses to read src/aws/keyRules.json. Terraform itself checks the same values in
// terraform/tests/plan.tftest.hcl (test/terraform/terraformCli.test.ts).
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parse } from '@cdktf/hcl2json';

export type Body = Record<string, unknown>;

/** One Terraform module directory. */
export interface TfModule {
  dir: string;
  files: Map<string, Body>;
  variables: Map<string, Body>;
  outputs: Map<string, Body>;
  locals: Map<string, unknown>;
  resources: Map<string, Body>;
  data: Map<string, Body>;
  moduleCalls: Map<string, Body>;
  providers: Map<string, Body[]>;
  terraformBlocks: Body[];
}

/** The root module and every local child module, keyed by directory relative to the root. */
export interface TfConfig {
  rootDir: string;
  root: TfModule;
  children: Map<string, TfModule>;
}

/** Values a scope knows for its input variables. */
export type Vars = Record<string, unknown>;

/** A module with the variable values it is evaluated with. */
export interface Scope {
  module: TfModule;
  vars: Vars;
}

export const TERRAFORM_DIR = resolve(import.meta.dirname, '../../terraform');

function firstBody(value: unknown): Body {
  return (Array.isArray(value) ? value[0] : value) as Body;
}

/** Parses one HCL file (`.tf` or `.tfvars`). */
export async function parseHcl(path: string): Promise<Body> {
  return (await parse(path, await readFile(path, 'utf8'))) as Body;
}

/** Loads the `.tf` files of one directory. */
export async function loadModule(dir: string): Promise<TfModule> {
  const mod: TfModule = {
    dir,
    files: new Map(),
    variables: new Map(),
    outputs: new Map(),
    locals: new Map(),
    resources: new Map(),
    data: new Map(),
    moduleCalls: new Map(),
    providers: new Map(),
    terraformBlocks: [],
  };
  const names = (await readdir(dir)).filter((n) => n.endsWith('.tf')).sort();
  for (const name of names) {
    const json = await parseHcl(join(dir, name));
    mod.files.set(name, json);
    for (const [key, value] of Object.entries(json)) {
      const block = value as Record<string, unknown>;
      if (key === 'variable')
        for (const [n, b] of Object.entries(block)) mod.variables.set(n, firstBody(b));
      else if (key === 'output')
        for (const [n, b] of Object.entries(block)) mod.outputs.set(n, firstBody(b));
      else if (key === 'module')
        for (const [n, b] of Object.entries(block)) mod.moduleCalls.set(n, firstBody(b));
      else if (key === 'locals') {
        for (const localsBlock of value as Body[]) {
          for (const [n, v] of Object.entries(localsBlock)) mod.locals.set(n, v);
        }
      } else if (key === 'resource' || key === 'data') {
        const target = key === 'resource' ? mod.resources : mod.data;
        for (const [type, byName] of Object.entries(block)) {
          for (const [n, b] of Object.entries(byName as Record<string, unknown>)) {
            target.set(`${type}.${n}`, firstBody(b));
          }
        }
      } else if (key === 'provider') {
        for (const [n, b] of Object.entries(block)) mod.providers.set(n, b as Body[]);
      } else if (key === 'terraform') mod.terraformBlocks.push(...(value as Body[]));
    }
  }
  return mod;
}

/** Loads the root module and, recursively, every module it calls from a local path. */
export async function loadConfig(rootDir = TERRAFORM_DIR): Promise<TfConfig> {
  const root = await loadModule(rootDir);
  const children = new Map<string, TfModule>();
  const pending = [root];
  while (pending.length > 0) {
    const mod = pending.pop()!;
    for (const call of mod.moduleCalls.values()) {
      const dir = resolve(mod.dir, String(call.source));
      const key = relative(rootDir, dir);
      if (!children.has(key)) {
        const child = await loadModule(dir);
        children.set(key, child);
        pending.push(child);
      }
    }
  }
  return { rootDir, root, children };
}

/** The child module a call in `parent` refers to. */
export function calledModule(config: TfConfig, parent: TfModule, callName: string): TfModule {
  const call = parent.moduleCalls.get(callName);
  if (call === undefined) throw new Error(`no module "${callName}" in ${parent.dir}`);
  const child = config.children.get(
    relative(config.rootDir, resolve(parent.dir, String(call.source))),
  );
  if (child === undefined) throw new Error(`module "${callName}" not loaded`);
  return child;
}

/** Every module of the configuration, root first. */
export function allModules(config: TfConfig): TfModule[] {
  return [config.root, ...config.children.values()];
}

/** Every string value anywhere in a parsed structure. */
export function collectStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) collectStrings(v, out);
  }
  return out;
}

/** The bodies of the `${...}` interpolations in a string (brace-balanced). */
export function interpolations(text: string): string[] {
  const found: string[] = [];
  let i = text.indexOf('${');
  while (i !== -1) {
    let depth = 0;
    let j = i + 1;
    for (; j < text.length; j++) {
      if (text[j] === '{') depth++;
      else if (text[j] === '}' && --depth === 0) break;
    }
    found.push(text.slice(i + 2, j));
    i = text.indexOf('${', j);
  }
  return found;
}

/** The variable values of the root module: defaults overridden by a tfvars object. */
export function rootScope(config: TfConfig, tfvars: Body = {}): Scope {
  const vars: Vars = {};
  for (const [name, decl] of config.root.variables)
    if ('default' in decl) vars[name] = decl.default;
  return { module: config.root, vars: { ...vars, ...tfvars } };
}

/** The scope of a module call: the child's defaults overridden by the resolved call arguments. */
export function childScope(config: TfConfig, parent: Scope, callName: string): Scope {
  const child = calledModule(config, parent.module, callName);
  const call = parent.module.moduleCalls.get(callName)!;
  const vars: Vars = {};
  for (const [name, decl] of child.variables) if ('default' in decl) vars[name] = decl.default;
  for (const [name, expr] of Object.entries(call)) {
    if (child.variables.has(name)) vars[name] = resolveValue(expr, parent);
  }
  return { module: child, vars };
}

const WHOLE_REF = /^\$\{(var|local)\.(\w+)\}$/;
const TOSTRING = /^\$\{tostring\((var|local)\.(\w+)\)\}$/;
// `${var.x != "" ? var.x : "<template>"}`: a variable with a computed fallback.
const EMPTY_FALLBACK = /^\$\{var\.(\w+) != "" \? var\.\1 : "((?:[^"\\]|\\.)*)"\}$/;
const TEMPLATE_REF = /\$\{(var|local)\.(\w+)\}/g;

/**
 * Resolves `var.x` and `local.x` in a value as far as they lead to literals. A whole-string
 * reference yields the referenced value (any type); references inside a template are
 * substituted when their value is a string, number or boolean; anything else stays as written.
 */
export function resolveValue(value: unknown, scope: Scope, depth = 0): unknown {
  if (depth > 20) throw new Error('reference loop while resolving');
  if (typeof value === 'string') {
    const whole = WHOLE_REF.exec(value);
    if (whole !== null) {
      const target = lookup(whole[1]!, whole[2]!, scope);
      return target.found ? resolveValue(target.value, scope, depth + 1) : value;
    }
    const str = TOSTRING.exec(value);
    if (str !== null) {
      const target = lookup(str[1]!, str[2]!, scope);
      const resolved = target.found ? resolveValue(target.value, scope, depth + 1) : undefined;
      return ['string', 'number', 'boolean'].includes(typeof resolved) ? String(resolved) : value;
    }
    const fallback = EMPTY_FALLBACK.exec(value);
    if (fallback !== null) {
      const target = lookup('var', fallback[1]!, scope);
      const given = target.found ? resolveValue(target.value, scope, depth + 1) : undefined;
      if (given === '') return resolveValue(fallback[2]!.replace(/\\(.)/g, '$1'), scope, depth + 1);
      return given === undefined ? value : given;
    }
    const [body] = interpolations(value);
    if (body !== undefined && value === `\${${body}}`) {
      const evaluated = evaluateExpression(body, scope, depth + 1);
      if (evaluated.known) return evaluated.value;
    }
    return value.replace(TEMPLATE_REF, (match, kind: string, name: string) => {
      const target = lookup(kind, name, scope);
      if (!target.found) return match;
      const resolved = resolveValue(target.value, scope, depth + 1);
      return ['string', 'number', 'boolean'].includes(typeof resolved) ? String(resolved) : match;
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, scope, depth + 1));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolveValue(v, scope, depth + 1)]),
    );
  }
  return value;
}

function lookup(kind: string, name: string, scope: Scope): { found: boolean; value?: unknown } {
  if (kind === 'var')
    return name in scope.vars ? { found: true, value: scope.vars[name] } : { found: false };
  return scope.module.locals.has(name)
    ? { found: true, value: scope.module.locals.get(name) }
    : { found: false };
}

/**
 * Evaluates `${COND ? A : B}` with numeric A and B in a scope, where COND is `var.flag` or a
 * conjunction (`&&`) of `var.flag`, `var.name == "text"` and `var.name != "text"`.
 */
export function evaluateConditionalCount(expr: unknown, scope: Scope): number {
  const match = /^\$\{(.+) \? (\d+) : (\d+)\}$/.exec(String(expr));
  if (match === null) throw new Error(`not a "COND ? n : m" expression: ${String(expr)}`);
  const holds = match[1]!.split(' && ').every((term) => {
    const compare = /^var\.(\w+) (==|!=) "([^"]*)"$/.exec(term);
    if (compare !== null) {
      const value = resolveValue(`\${var.${compare[1]}}`, scope);
      return compare[2] === '==' ? value === compare[3] : value !== compare[3];
    }
    const flag = /^var\.(\w+)$/.exec(term);
    if (flag === null) throw new Error(`unsupported condition term: ${term}`);
    const value = resolveValue(`\${var.${flag[1]}}`, scope);
    if (typeof value !== 'boolean') throw new Error(`var.${flag[1]} does not resolve to a boolean`);
    return value;
  });
  return Number(holds ? match[2] : match[3]);
}

/** The body of a nested block (first occurrence), or the `content` of a dynamic block of it. */
export function nestedBlocks(body: Body, name: string): { blocks: Body[]; dynamic?: Body } {
  const direct = (body[name] as Body[] | undefined) ?? [];
  const dynamic = ((body.dynamic as Record<string, Body[]> | undefined)?.[name] ?? [])[0];
  return dynamic === undefined ? { blocks: direct } : { blocks: direct, dynamic };
}

/** The first nested block with that name; throws when it is missing. */
export function block(body: Body, name: string): Body {
  const found = (body[name] as Body[] | undefined)?.[0];
  if (found === undefined) throw new Error(`block "${name}" missing`);
  return found;
}

type Evaluated = { known: true; value: unknown } | { known: false };
const UNKNOWN: Evaluated = { known: false };

/**
 * Evaluates the subset of Terraform expressions the key-rule locals use: `null`, string literals
 * (with `${path.module}`), `var.x` / `local.x` with attribute access, `coalesce`, `tolist`,
 * `jsondecode`, `file` (relative to the module) and `a == null ? b : c`. Anything else is unknown
 * and stays as written.
 */
export function evaluateExpression(expr: string, scope: Scope, depth = 0): Evaluated {
  if (depth > 20) throw new Error('reference loop while evaluating');
  const text = expr.trim();
  const conditional = /^(.+?)\s*==\s*null\s*\?\s*(.+?)\s*:\s*(.+)$/.exec(text);
  if (conditional !== null) {
    const test = evaluateExpression(conditional[1]!, scope, depth + 1);
    if (!test.known) return UNKNOWN;
    return evaluateExpression(
      test.value === null ? conditional[2]! : conditional[3]!,
      scope,
      depth + 1,
    );
  }
  if (text === 'null') return { known: true, value: null };
  const literal = /^"((?:[^"\\]|\\.)*)"$/.exec(text);
  if (literal !== null) {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform interpolation, as Terraform writes it.
    return { known: true, value: literal[1]!.replaceAll('${path.module}', scope.module.dir) };
  }
  const call = /^(\w+)\((.*)\)$/.exec(text);
  if (call !== null) {
    const args = splitArguments(call[2]!).map((arg) => evaluateExpression(arg, scope, depth + 1));
    if (args.some((arg) => !arg.known)) return UNKNOWN;
    const values = args.map((arg) => (arg as { value: unknown }).value);
    switch (call[1]) {
      case 'coalesce':
        return { known: true, value: values.find((v) => v !== null && v !== '') ?? null };
      case 'tolist':
        return { known: true, value: values[0] };
      case 'jsondecode':
        return { known: true, value: JSON.parse(String(values[0])) };
      case 'file':
        return {
          known: true,
          value: readFileSync(resolve(scope.module.dir, String(values[0])), 'utf8'),
        };
      default:
        return UNKNOWN;
    }
  }
  const ref = /^(var|local)\.(\w+)((?:\.\w+)*)$/.exec(text);
  if (ref !== null) {
    const target = lookup(ref[1]!, ref[2]!, scope);
    if (!target.found) return UNKNOWN;
    let value = resolveValue(target.value, scope, depth + 1);
    for (const attr of ref[3]!.split('.').filter((a) => a !== '')) {
      if (value === null || typeof value !== 'object') return UNKNOWN;
      value = (value as Record<string, unknown>)[attr];
    }
    return typeof value === 'string' && value.includes('${') ? UNKNOWN : { known: true, value };
  }
  return UNKNOWN;
}

/** Splits a function's argument list at top-level commas. */
function splitArguments(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (text.trim() !== '') args.push(text.slice(start));
  return args;
}
