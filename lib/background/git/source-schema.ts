/**
 * What a subscription's source may be (parsed in the background before anything runs): a
 * file in a GitHub / GitHub Enterprise repository, or an HTTPS URL (plain HTTP only for this
 * machine: `localhost`, `127.0.0.1`, for a file served locally).
 */
import { z } from 'zod';

const name = z
  .string()
  .trim()
  .min(1, 'required')
  .max(100)
  .regex(/^[\w.-]+$/, 'letters, digits, dot, dash or underscore');

export const githubSourceSchema = z.strictObject({
  kind: z.literal('github'),
  host: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?$/, 'not a host name')
    .default('github.com'),
  owner: name,
  repo: name,
  branch: z
    .string()
    .trim()
    .min(1, 'required')
    .max(250)
    .regex(/^[^\s~^:?*[\\]+$/, 'not a branch name'),
  path: z
    .string()
    .trim()
    .max(400)
    .transform((p) => p.replace(/^\/+/, ''))
    .pipe(
      z
        .string()
        .min(1, 'required')
        .refine(
          (p) => !p.split('/').some((s) => s === '..' || s === '.' || s === ''),
          'not a file path',
        )
        .refine((p) => p.toLowerCase().endsWith('.json'), 'an OKR Lens file ends in .json'),
    ),
});

const LOCAL = /^http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?\//i;
export const urlSourceSchema = z.strictObject({
  kind: z.literal('url'),
  url: z
    .string()
    .trim()
    .max(2_000)
    .refine((u) => {
      try {
        const url = new URL(u);
        return url.protocol === 'https:' || LOCAL.test(u);
      } catch {
        return false;
      }
    }, 'expected an https:// address'),
});

export const sourceSchema = z.discriminatedUnion('kind', [githubSourceSchema, urlSourceSchema]);
