/**
 * The JSON Schema of the interchange file, generated from the zod schema (the single source
 * of truth), so editors and other tools can check a file before OKR Lens reads it. It ships
 * with the build as /okr-lens.schema.json (written by a build hook in wxt.config.ts).
 *
 * What JSON Schema cannot say is left to `validateInterchange`: real calendar days
 * (2026-02-30), finite numbers, unique ids, references, KR codes unique per cycle, cycles
 * that end after they start, target ≠ start. Defaults (`[]`) describe the input: every array
 * may be absent. Pure: zod only.
 */
import { z } from 'zod';
import { INTERCHANGE_FORMAT, INTERCHANGE_VERSION, interchangeSchema } from './interchange';

export const INTERCHANGE_SCHEMA_ID = 'https://okr-lens.dev/okr-lens.schema.json';

export function interchangeJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(interchangeSchema, { io: 'input', unrepresentable: 'any' });
  return {
    $schema: generated.$schema,
    $id: INTERCHANGE_SCHEMA_ID,
    title: 'OKR Lens interchange file',
    description:
      `Objectives, key results, check-ins and ticket links exported by OKR Lens ` +
      `("format": "${INTERCHANGE_FORMAT}", "version": ${INTERCHANGE_VERSION}). ` +
      'Importing is all-or-nothing; OKR Lens also checks what this schema cannot express: ' +
      'real calendar dates, unique ids, references between records, KR codes unique per ' +
      'cycle, cycles ending after they start and numeric targets different from the start.',
    ...generated,
  };
}
