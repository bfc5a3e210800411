// openapi.mjs - docs/openapi.yaml for the HTTP tests: its list of operations,
// and a checker that holds every answer to what the document says that
// operation returns (status, content type and body, with ajv).
//
// Response schemas are checked as written (JSON Schema as any client's
// validator reads it) and strictly: allOf merged, and an object schema that
// lists its properties and says nothing of others admitting no others. So a
// member the handler sends and the document does not name is a mismatch, as
// is a required member it leaves out, or an input schema that admits no
// other members extended with allOf.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

export const DOC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'openapi.yaml');
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

// { doc (dereferenced), ops: [{ id, method, path, op, params, body }] }:
// params are the path item's and the operation's parameters together; body
// is the requestBody's application/json media type, if any.
export async function loadApi(file = DOC) {
  const doc = await SwaggerParser.dereference(YAML.parse(readFileSync(file, 'utf8')));
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const params = new Map();
      for (const p of [...(item.parameters || []), ...(op.parameters || [])]) params.set(`${p.in}:${p.name}`, p);
      ops.push({ id: op.operationId, method: m.toUpperCase(), path, op, params: [...params.values()],
                 body: op.requestBody?.content?.['application/json'] });
    }
  }
  return { doc, ops };
}

// allOf merged into one schema: properties and required joined.
export function mergeAllOf(s) {
  if (!s || typeof s !== 'object' || !s.allOf) return s;
  const out = { ...s };
  delete out.allOf;
  for (const raw of s.allOf) {
    const part = mergeAllOf(raw);
    for (const [k, v] of Object.entries(part)) {
      if (k === 'properties') out.properties = { ...(out.properties || {}), ...v };
      else if (k === 'required') out.required = [...new Set([...(out.required || []), ...v])];
      else if (!(k in out)) out[k] = v;
    }
  }
  return out;
}

// The schema as the checker holds responses to it (see the top).
export function strictSchema(s) {
  if (Array.isArray(s)) return s.map(strictSchema);
  if (!s || typeof s !== 'object') return s;
  const m = mergeAllOf(s);
  const out = {};
  for (const [k, v] of Object.entries(m)) {
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, strictSchema(ps)]));
    else if (k === 'example' || k === 'description') continue;
    else if (v && typeof v === 'object' && ['items', 'additionalProperties', 'anyOf', 'oneOf', 'not'].includes(k)) out[k] = strictSchema(v);
    else out[k] = v;
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

export function newAjv() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}

// Checks answers against the document and keeps the count.
export class Checker {
  constructor(api) {
    this.api = api;
    this.ajv = newAjv();
    this.compiled = new Map();
    this.checked = 0;
    this.mismatches = [];
    this.perOp = new Map(); // operationId -> { responses, statuses: Set }
  }
  validator(opx, status, spec) {
    const key = `${opx.method} ${opx.path} ${opx.id} ${status}`;
    if (!this.compiled.has(key)) {
      const schema = spec.content?.['application/json']?.schema;
      // Both as written (as a client's validator reads it: an allOf part
      // that admits no other members fails) and strictly (see the top).
      const plain = schema && this.ajv.compile(schema), strict = schema && this.ajv.compile(strictSchema(schema));
      this.compiled.set(key, schema ? body => {
        const errors = [];
        if (!plain(body)) errors.push(...plain.errors.map(e => ({ ...e, message: `${e.message} (as written)` })));
        if (!strict(body)) errors.push(...strict.errors);
        return errors;
      } : null);
    }
    return this.compiled.get(key);
  }
  // res: { status, headers, text } from lib.mjs's Client. expect: the
  // statuses this case should give (an array), or undefined for any
  // documented one. field: for a 422, the member or parameter that
  // error.fields must name. Returns the parsed body (or undefined).
  check(opx, what, res, { expect, field } = {}) {
    this.checked++;
    const s = this.perOp.get(opx.id) || { responses: 0, statuses: new Set() };
    s.responses++;
    s.statuses.add(res.status);
    this.perOp.set(opx.id, s);
    const bad = [];
    const status = String(res.status);
    const spec = opx.op.responses[status] || opx.op.responses[`${status[0]}XX`];
    if (!spec) bad.push(`status ${status} is not documented (documented: ${Object.keys(opx.op.responses).join(', ')})`);
    if (res.status >= 500) bad.push('a server error');
    if (expect && !expect.includes(res.status)) bad.push(`expected ${expect.join(' or ')}, got ${status}`);
    let body;
    if (spec?.content) {
      const type = (res.headers.get('content-type') || '').split(';')[0];
      if (!spec.content[type]) bad.push(`content type ${type}, documented ${Object.keys(spec.content).join(', ')}`);
      try { body = JSON.parse(res.text); } catch { bad.push(`not JSON: ${res.text.slice(0, 120)}`); }
      const v = body !== undefined && this.validator(opx, status, spec);
      const errors = v ? v(body) : [];
      if (errors.length)
        bad.push(...errors.slice(0, 6).map(e => `body${e.instancePath} ${e.message}${e.params?.additionalProperty ? `: ${e.params.additionalProperty}` : ''}`));
    }
    for (const h of Object.keys(spec?.headers || {}))
      if (!res.headers.get(h)) bad.push(`no ${h} header, which the document says it sends`);
    const loc = spec?.headers?.Location && res.headers.get('location');
    if (loc && body?.id !== undefined && loc !== `${opx.path}/${body.id}`) bad.push(`Location ${loc} does not name the record made`);
    if (body?.error && body.error.status !== res.status) bad.push(`error.status ${body.error.status} is not the HTTP status`);
    if (field && res.status === 422 && !body?.error?.fields?.[field])
      bad.push(`error.fields does not name ${field}: ${JSON.stringify(body?.error?.fields)}`);
    for (const b of bad) this.mismatches.push(`${opx.id} (${opx.method} ${opx.path}) ${what}: ${b}`);
    return body;
  }
}
