/**
 * Record ids. With a prefix (`kr-…`, `obj-…`) an id starts with the creation time in base 36,
 * so records sort in the order they were written; without one it is a bare UUID.
 */
export function newId(prefix?: string): string {
  if (prefix === undefined) return crypto.randomUUID();
  return `${prefix}-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
}
