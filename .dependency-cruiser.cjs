/**
 * Import rules lint cannot see. ESLint's import-x/no-cycle skips `import type` edges, yet a
 * type-only cycle still ties two modules together for a reader: this check includes them
 * (`tsPreCompilationDeps`). Run by `npm run lint` (and `npm test`).
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'No import cycles, type-only edges included.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.output|\\.wxt|tmp)/' },
  },
};
