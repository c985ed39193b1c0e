// Lint: typescript-eslint (type-aware) plus import boundaries (README "Architecture"):
// lib/okr is pure (zod only); lib/trackers and lib/db import only lib/okr; lib/db (and Dexie)
// and lib/background run in the background only; components never touch browser APIs;
// only entrypoints, lib/protocol.ts, lib/background and lib/overlay talk to the browser.
// import-x/no-restricted-paths enforces the zones on resolved paths (type imports included).
// Import cycles, type-only edges included, are checked by dependency-cruiser
// (.dependency-cruiser.cjs), since import-x/no-cycle skips type imports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

const browserApis = {
  paths: [
    {
      name: 'wxt/browser',
      message:
        'Only entrypoints, lib/protocol.ts, lib/background and lib/overlay talk to the browser.',
    },
    { name: 'dexie', message: 'Dexie lives in lib/db, owned by the background.' },
    { name: 'dexie-react-hooks', message: 'Read data through lib/protocol.ts send().' },
  ],
};

/** Code that runs outside the background: in tracker pages, the popup, the options page. */
const notBackground = [
  './lib/okr',
  './lib/trackers',
  './lib/overlay',
  './lib/import',
  './components',
  './entrypoints/options',
  './entrypoints/popup',
  './entrypoints/*.content.ts',
];

export default tseslint.config(
  {
    ignores: [
      '.output/**',
      '.wxt/**',
      'node_modules/**',
      'tmp/**',
      'test-results/**',
      'playwright-report/**',
      'public/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './lib/okr',
              from: './',
              except: ['./lib/okr', './node_modules/zod'],
              message: 'lib/okr is pure: zod only.',
            },
            {
              target: './lib/trackers',
              from: './',
              except: ['./lib/trackers', './lib/okr', './node_modules'],
              message: 'Adapters are pure over (URL, Document).',
            },
            {
              target: './lib/db',
              from: './',
              except: ['./lib/db', './lib/okr', './node_modules'],
              message: 'lib/db imports only lib/okr.',
            },
            {
              // The database belongs to the background (a content script's IndexedDB would
              // be the page's): nothing else imports it, not even its types.
              target: [...notBackground, './lib/protocol.ts'],
              from: './lib/db',
              message: 'lib/db lives in the background; ask through lib/protocol.ts send().',
            },
            {
              target: notBackground,
              from: './lib/background',
              message: 'lib/background runs in the background; talk to it through lib/protocol.ts.',
            },
            {
              target: './lib/import',
              from: './',
              except: [
                './lib/import',
                './lib/okr',
                './node_modules/papaparse',
                './node_modules/@types/papaparse',
                './node_modules/zod',
              ],
              message: 'Importers are pure.',
            },
            {
              target: './components',
              from: './lib/db',
              message: 'Components get data through props.',
            },
            {
              target: './components',
              from: './entrypoints',
              message: 'Components get data through props.',
            },
            {
              target: './lib',
              from: './entrypoints',
              message: 'Entrypoints are glue; nothing imports them.',
            },
            { target: './lib', from: './components', message: 'lib does not render.' },
          ],
        },
      ],
    },
  },
  {
    // The shape a newcomer can hold: no source file over 400 lines, no function over 80. A
    // function that must be one piece says why in an eslint-disable comment next to it.
    files: ['lib/**', 'components/**', 'entrypoints/**', 'scripts/**'],
    rules: {
      'max-lines': ['error', { max: 400 }],
      'max-lines-per-function': [
        'error',
        { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true },
      ],
    },
  },
  {
    files: ['components/**', 'lib/okr/**', 'lib/import/**', 'lib/trackers/**'],
    rules: { 'no-restricted-imports': ['error', browserApis] },
  },
  {
    files: ['lib/**', 'components/**', 'entrypoints/**'],
    ignores: ['lib/db/**', 'components/**', 'lib/okr/**', 'lib/import/**', 'lib/trackers/**'],
    rules: { 'no-restricted-imports': ['error', { paths: browserApis.paths.slice(1) }] },
  },
  {
    // Code that runs on every tracker page and in the popup stays zod-free (lib/protocol.ts): the
    // background parses requests; shipping the schemas cost ~90 KB and their evaluation.
    files: [
      'lib/overlay/**',
      'lib/trackers/**',
      'lib/protocol.ts',
      'entrypoints/*.content.ts',
      'entrypoints/popup/**',
      'components/Popup.tsx',
      'components/PopupObjectives.tsx',
      'components/QuickCheckIn.tsx',
      'components/ui.tsx',
      'components/popup-types.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: 'Content scripts and the popup stay zod-free.' }],
          patterns: [
            {
              regex: '(^|/)(background/.*|okr/model|okr/interchange|okr/json-schema)$',
              allowTypeImports: true,
              message: 'Send requests with lib/protocol.ts (zod-free); types are fine.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/db/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [browserApis.paths[0]] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs', 'scripts/**', '*.config.ts'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['test/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
