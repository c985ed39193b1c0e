/**
 * Checks Linear GraphQL documents, their variables and hand-written answers against the types
 * @linear/sdk generates from Linear's schema (Linear ships no schema file in an npm package;
 * its SDK's declarations are generated from the schema by graphql-codegen: `type Issue = Node
 * & {…}`, `type QueryIssuesArgs = {…}`, enums, `Scalars`). The declarations are read
 * syntactically with the TypeScript compiler API. Checked: every field exists on its type,
 * arguments exist on the field's `…Args` type and required ones are given, input objects
 * (literal or variables) use only fields of their input type, scalars are not selected into,
 * objects are; an answer has only selected keys, nulls only where the schema allows them,
 * lists where it has lists, enum values of the enum. Not checked: scalar formats, unions.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Kind, OperationTypeNode, parse } from 'graphql';
import type { FieldNode, SelectionSetNode, ValueNode } from 'graphql';
import ts from 'typescript';

const require = createRequire(import.meta.url);

/** A property's type: named (object, input, enum or scalar), optionally nullable / a list. */
interface TypeRef {
  name: string;
  nullable: boolean;
  list?: TypeRef;
}
interface Decl {
  members: Map<string, { type: TypeRef; optional: boolean }>;
  enumValues?: Set<string>;
}

let decls: Map<string, Decl> | undefined;

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function refOf(node: ts.TypeNode): TypeRef {
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText();
    const arg = node.typeArguments?.[0];
    if ((name === 'Maybe' || name === 'InputMaybe') && arg)
      return { ...refOf(arg), nullable: true };
    if (name === 'Array' && arg) return { name: '[]', nullable: false, list: refOf(arg) };
    return { name, nullable: false };
  }
  if (ts.isIndexedAccessTypeNode(node)) {
    const lit = node.indexType;
    const key =
      ts.isLiteralTypeNode(lit) && ts.isStringLiteral(lit.literal) ? lit.literal.text : '?';
    return { name: `Scalar:${key}`, nullable: false };
  }
  return { name: 'Scalar:?', nullable: false };
}

function load(): Map<string, Decl> {
  if (decls) return decls;
  const dir = path.dirname(require.resolve('@linear/sdk'));
  const file = readdirSync(dir).find((f) => /^index-.*\.d\.mts$/.test(f));
  if (!file) throw new Error('@linear/sdk: no generated declarations found');
  const src = ts.createSourceFile(
    file,
    readFileSync(path.join(dir, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const raw = new Map<string, ts.TypeNode>();
  const out = new Map<string, Decl>();
  for (const st of src.statements) {
    if (ts.isTypeAliasDeclaration(st)) raw.set(st.name.text, st.type);
    if (ts.isEnumDeclaration(st))
      out.set(st.name.text, {
        members: new Map(),
        enumValues: new Set(
          st.members.map((m) =>
            m.initializer && ts.isStringLiteral(m.initializer)
              ? m.initializer.text
              : m.name.getText(),
          ),
        ),
      });
  }
  const membersOf = (node: ts.TypeNode, into: Decl['members']) => {
    if (ts.isTypeLiteralNode(node))
      for (const m of node.members)
        if (ts.isPropertySignature(m) && m.type)
          into.set(m.name.getText().replace(/^"|"$/g, ''), {
            type: refOf(m.type),
            optional: !!m.questionToken,
          });
    if (ts.isIntersectionTypeNode(node)) for (const t of node.types) membersOf(t, into);
    if (ts.isTypeReferenceNode(node)) {
      const target = raw.get(node.typeName.getText());
      if (target) membersOf(target, into);
    }
  };
  for (const [name, node] of raw) {
    if (!ts.isTypeLiteralNode(node) && !ts.isIntersectionTypeNode(node)) continue;
    const members: Decl['members'] = new Map();
    membersOf(node, members);
    out.set(name, { members });
  }
  return (decls = out);
}

const isScalar = (t: TypeRef) =>
  t.name.startsWith('Scalar:') || load().get(t.name)?.enumValues !== undefined;
const named = (t: TypeRef): TypeRef => (t.list ? named(t.list) : t);

function checkInput(value: unknown, type: TypeRef, at: string, out: string[]): void {
  if (value === null || value === undefined) {
    if (!type.nullable) out.push(`${at}: null for a required input`);
    return;
  }
  if (type.list) {
    for (const [i, v] of (Array.isArray(value) ? value : [value]).entries())
      checkInput(v, type.list, `${at}[${i}]`, out);
    return;
  }
  const decl = load().get(type.name);
  if (decl?.enumValues) {
    if (!decl.enumValues.has(show(value))) out.push(`${at}: ${show(value)} is not a ${type.name}`);
    return;
  }
  if (type.name.startsWith('Scalar:')) {
    if (typeof value === 'object') out.push(`${at}: an object for scalar ${type.name}`);
    return;
  }
  if (!decl || typeof value !== 'object')
    return void out.push(`${at}: expected input ${type.name}`);
  for (const [k, v] of Object.entries(value)) {
    const m = decl.members.get(k);
    if (!m) out.push(`${at}.${k}: not a field of ${type.name}`);
    else checkInput(v, m.type, `${at}.${k}`, out);
  }
}

/** A GraphQL literal (with variables substituted) as JSON. */
function literal(v: ValueNode, vars: Record<string, unknown>): unknown {
  switch (v.kind) {
    case Kind.VARIABLE:
      return vars[v.name.value];
    case Kind.OBJECT:
      return Object.fromEntries(v.fields.map((f) => [f.name.value, literal(f.value, vars)]));
    case Kind.LIST:
      return v.values.map((x) => literal(x, vars));
    case Kind.NULL:
      return null;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(v.value);
    default:
      return (v as { value?: unknown }).value;
  }
}

function checkSelection(
  set: SelectionSetNode,
  typeName: string,
  vars: Record<string, unknown>,
  at: string,
  out: string[],
) {
  const decl = load().get(typeName);
  if (!decl) return void out.push(`${at}: unknown type ${typeName}`);
  for (const sel of set.selections) {
    if (sel.kind !== Kind.FIELD) continue;
    const f: FieldNode = sel;
    const name = f.name.value;
    const here = `${at}.${name}`;
    if (name === '__typename') continue;
    const m = decl.members.get(name);
    if (!m) {
      out.push(`${here}: not a field of ${typeName}`);
      continue;
    }
    const argsType = load().get(`${typeName}${name[0]!.toUpperCase()}${name.slice(1)}Args`);
    const given = new Set((f.arguments ?? []).map((a) => a.name.value));
    for (const a of f.arguments ?? []) {
      const am = argsType?.members.get(a.name.value);
      if (!am) out.push(`${here}(${a.name.value}): not an argument`);
      else checkInput(literal(a.value, vars), am.type, `${here}(${a.name.value})`, out);
    }
    for (const [argName, am] of argsType?.members ?? [])
      if (!am.optional && !given.has(argName))
        out.push(`${here}: required argument ${argName} missing`);
    const leaf = named(m.type);
    if (isScalar(leaf)) {
      if (f.selectionSet) out.push(`${here}: ${leaf.name} has no fields to select`);
    } else if (!f.selectionSet) out.push(`${here}: select fields of ${leaf.name}`);
    else checkSelection(f.selectionSet, leaf.name, vars, here, out);
  }
}

/** The problems of a document with its variables (empty when Linear's types accept them). */
export function linearDocumentProblems(
  document: string,
  variables: Record<string, unknown> = {},
): string[] {
  const out: string[] = [];
  const doc = parse(document);
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const v of def.variableDefinitions ?? []) {
      let t = v.type;
      const nonNull = t.kind === Kind.NON_NULL_TYPE;
      if (t.kind === Kind.NON_NULL_TYPE) t = t.type;
      const typeName = t.kind === Kind.NAMED_TYPE ? t.name.value : '';
      const ref: TypeRef = ['String', 'Int', 'Boolean', 'ID', 'Float', 'DateTime'].includes(
        typeName,
      )
        ? { name: `Scalar:${typeName}`, nullable: !nonNull }
        : { name: typeName, nullable: !nonNull };
      if (!ref.name.startsWith('Scalar:') && !load().has(ref.name))
        out.push(`$${v.variable.name.value}: unknown type ${typeName}`);
      else checkInput(variables[v.variable.name.value], ref, `$${v.variable.name.value}`, out);
    }
    const root = def.operation === OperationTypeNode.MUTATION ? 'Mutation' : 'Query';
    checkSelection(def.selectionSet, root, variables, root, out);
  }
  return out;
}

function checkAnswer(
  value: unknown,
  type: TypeRef,
  set: SelectionSetNode | undefined,
  at: string,
  out: string[],
) {
  if (value === null) {
    if (!type.nullable) out.push(`${at}: null where ${type.name} is required`);
    return;
  }
  if (value === undefined) return void out.push(`${at}: missing`);
  if (type.list) {
    if (!Array.isArray(value)) return void out.push(`${at}: expected a list`);
    value.forEach((v, i) => checkAnswer(v, type.list!, set, `${at}[${i}]`, out));
    return;
  }
  const decl = load().get(type.name);
  if (decl?.enumValues) {
    if (!decl.enumValues.has(show(value))) out.push(`${at}: ${show(value)} is not a ${type.name}`);
    return;
  }
  if (type.name.startsWith('Scalar:')) {
    if (typeof value === 'object') out.push(`${at}: an object for ${type.name}`);
    return;
  }
  if (!decl || !set || typeof value !== 'object')
    return void out.push(`${at}: expected ${type.name}`);
  const fields = new Map<string, FieldNode>();
  for (const s of set.selections)
    if (s.kind === Kind.FIELD) fields.set(s.alias?.value ?? s.name.value, s);
  for (const [k, v] of Object.entries(value)) {
    const f = fields.get(k);
    if (!f) {
      out.push(`${at}.${k}: not selected`);
      continue;
    }
    if (k === '__typename') continue;
    const m = decl.members.get(f.name.value);
    if (m) checkAnswer(v, m.type, f.selectionSet, `${at}.${k}`, out);
  }
  for (const [k, f] of fields)
    if (!(k in value) && k !== '__typename') {
      const m = decl.members.get(f.name.value);
      if (m && !m.type.nullable) out.push(`${at}.${k}: missing`);
    }
}

/** The problems of an answer's `data` to `document` (empty when it fits Linear's types). */
export function linearAnswerProblems(document: string, data: unknown): string[] {
  const out: string[] = [];
  const def = parse(document).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!def || def.kind !== Kind.OPERATION_DEFINITION) return ['no operation'];
  const root = def.operation === OperationTypeNode.MUTATION ? 'Mutation' : 'Query';
  checkAnswer(data, { name: root, nullable: false }, def.selectionSet, 'data', out);
  return out;
}
