/**
 * The JSON Schema of the interchange file (lib/okr/json-schema.ts): its shape, and that the
 * build ships exactly what the zod schema generates (wxt.config.ts writes it at every build).
 */
import { INTERCHANGE_SCHEMA_ID, interchangeJsonSchema } from '../../lib/okr/json-schema';
import { krKinds, ticketKeyRe } from '../../lib/okr/model';
import { builtFile } from './helpers/build';

const schema = interchangeJsonSchema();

type Node = {
  type?: string;
  const?: unknown;
  properties: Record<string, Node>;
  required?: string[];
  items: Node;
  enum?: unknown[];
  pattern?: string;
  default?: unknown;
  additionalProperties?: boolean;
};
const root = schema as unknown as Node & Record<string, unknown>;
const itemsOf = (list: string) => root.properties[list]!.items;

describe('interchangeJsonSchema', () => {
  it('identifies itself', () => {
    expect(root.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(root.$id).toBe(INTERCHANGE_SCHEMA_ID);
    expect(root.title).toBe('OKR Lens interchange file');
    expect(root.description).toEqual(expect.stringContaining('"format": "okr-lens"'));
  });

  it('has the top-level properties; only format and version are required', () => {
    expect(root.type).toBe('object');
    expect(Object.keys(root.properties)).toEqual([
      '$schema',
      'format',
      'version',
      'exportedAt',
      'cycles',
      'objectives',
      'keyResults',
      'checkIns',
      'links',
      'tickets',
    ]);
    expect(root.required).toEqual(['format', 'version']);
    expect(root.additionalProperties).toBe(false);
    expect(root.properties.format!.const).toBe('okr-lens');
    expect(root.properties.version!.const).toBe(1);
    for (const list of ['cycles', 'objectives', 'keyResults', 'checkIns', 'links', 'tickets']) {
      expect(root.properties[list]!.type).toBe('array');
      expect(root.properties[list]!.default).toEqual([]);
      expect(itemsOf(list).additionalProperties).toBe(false);
    }
  });

  it('requires the fields of each record that the model requires', () => {
    expect(itemsOf('cycles').required).toEqual(['id', 'name', 'start', 'end']);
    expect(itemsOf('objectives').required).toEqual(['id', 'cycleId', 'title']);
    expect(itemsOf('keyResults').required).toEqual(['id', 'objectiveId', 'code', 'title', 'kind']);
    expect(itemsOf('checkIns').required).toEqual(['keyResultId', 'at', 'value']);
    expect(itemsOf('links').required).toEqual(['ticket', 'keyResultId']);
    expect(itemsOf('tickets').required).toEqual(['key']);
  });

  it('carries the enums and patterns of the model', () => {
    expect(itemsOf('keyResults').properties.kind!.enum).toEqual([...krKinds]);
    expect(itemsOf('links').properties.ticket!.pattern).toBe(ticketKeyRe.source);
    expect(itemsOf('cycles').properties.start!.pattern).toBe('^\\d{4}-\\d{2}-\\d{2}$');
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});

describe('the build', () => {
  it('ships the generated schema as okr-lens.schema.json (a wxt.config.ts build hook)', () => {
    const shipped: unknown = JSON.parse(builtFile('chrome-mv3', 'okr-lens.schema.json'));
    expect(shipped).toEqual(schema);
    expect(JSON.parse(builtFile('firefox-mv2', 'okr-lens.schema.json'))).toEqual(schema);
  });
});
