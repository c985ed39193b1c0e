import { defineConfig } from 'wxt';
import { interchangeJsonSchema } from './lib/okr/json-schema';
import { defaultMatches } from './lib/trackers/registry';

// See README "Architecture". Everything here is read by WXT in Node at build time.
export default defineConfig({
  // Explicit imports everywhere: boundaries stay visible to lint and to readers.
  imports: false,
  modules: ['@wxt-dev/module-react'],
  hooks: {
    // The picker (entrypoints/picker.ts) is imported by the content scripts when first used:
    // an ES module, so the importer gets its default export (content scripts stay IIFE).
    'vite:build:extendConfig': (entrypoints, config) => {
      const lib = config.build?.lib;
      if (lib && entrypoints.some((e) => e.name === 'picker')) lib.formats = ['es'];
    },
    // The interchange file's JSON Schema ships as /okr-lens.schema.json, generated from the zod
    // schema at every build, so it cannot differ from what the importer accepts.
    'build:publicAssets': (_wxt, files) => {
      files.push({
        relativeDest: 'okr-lens.schema.json',
        contents: JSON.stringify(interchangeJsonSchema(), null, 2) + '\n',
      });
    },
  },
  // Firefox's store wants a sources zip: leave out test runs and screenshots.
  zip: {
    excludeSources: ['tmp/**', 'test-results/**', 'playwright-report/**', 'docs/screenshots/**'],
  },
  manifest: ({ browser, manifestVersion }) => ({
    name: 'OKR Lens',
    description: 'See and tag the key results your GitHub, Jira and Linear tickets serve.',
    permissions: ['storage', 'scripting', 'alarms'],
    // The trackers' default hosts (lib/trackers/registry.ts); self-hosted domains are
    // requested at runtime (optional).
    host_permissions: defaultMatches(),
    // MV2 (Firefox) has no optional_host_permissions: origins go in optional_permissions.
    ...(manifestVersion === 2
      ? { optional_permissions: ['https://*/*', 'http://*/*'] }
      : { optional_host_permissions: ['https://*/*', 'http://*/*'] }),
    action: { default_title: 'OKR Lens' },
    // The picker's module, imported by content scripts (which load it as the page's origin
    // does): on tracker hosts and self-hosted ones, whose origins are known only at runtime.
    web_accessible_resources:
      manifestVersion === 2
        ? ['picker.js']
        : [{ resources: ['picker.js'], matches: ['https://*/*', 'http://*/*'] }],
    commands: {
      'open-picker': {
        suggested_key: { default: 'Alt+Shift+K' },
        description: 'Link the ticket on this page to key results',
      },
    },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'okr-lens@okr-lens.dev' } } }
      : {}),
  }),
  // Dexie contains "\uffff"; without ASCII output the
  // minifier writes a raw U+FFFF and Chrome refuses the script as not UTF-8 (WXT #1900).
  // OKR_LENS_NO_MINIFY=1 keeps names readable for CPU profiles (tmp/ probes, bench digging).
  vite: () => ({
    build: {
      rolldownOptions: {
        output: { charset: 'ascii' },
        // lib/trackers is pure (lint-enforced): a module of it whose exports go unused is left
        // out whole, so a content script that imports its own tracker from the registry
        // carries no other tracker's adapter.
        treeshake: {
          moduleSideEffects: [{ test: /[\\/]lib[\\/]trackers[\\/]/, sideEffects: false }],
        },
      },
      ...(process.env.OKR_LENS_NO_MINIFY ? { minify: false } : {}),
    },
  }),
});
