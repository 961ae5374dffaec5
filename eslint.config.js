import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Import paths into these folders: by name at any depth (`../gpu/x.ts`, `../../src/gpu/x.ts`), or the folder itself. */
const into = (folders) => folders.flatMap((f) => [`**/${f}/**`, `../${f}`, `../../${f}`]);

/** One no-restricted-imports rule per folder: [folder, folders it must not import, why, files exempt]. */
function boundaries(rules) {
  return rules.map(([folder, banned, message, exempt = []]) => ({
    files: [`${folder}/**/*.{ts,tsx}`],
    ignores: ['**/*.test.ts', ...exempt],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: into(banned), message }] }] },
  }));
}

export default tseslint.config(
  // src/cpu/assembly is AssemblyScript (its own types, compiled by scripts/build-wasm.mjs); its generated module is rebuilt from it.
  {
    ignores: [
      'dist',
      'node_modules',
      'public',
      '.gpu',
      'test-results',
      'playwright-report',
      'bench-results',
      'src/cpu/assembly',
      'src/cpu/wasm/kernels.generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['src/engine-globals.d.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name=/^(test|it|describe)$/][callee.property.name='only']", message: 'No focused tests.' },
      ],
    },
  },
  // The arrows between folders run one way (docs/ARCHITECTURE.md): ui → worker protocol → model;
  // worker → the engine interface (src/model/engine.ts) ← gpu, cpu → model → base; reference →
  // model. Only the worker entry picks a backend. No backend imports another and no engine
  // imports its host; the test helpers (src/testing) are kept out by the rule after these. Tests
  // may reach further (a kernel test imports its reference oracle), so these rules hold for the
  // code the app ships.
  {
    files: ['src/base/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!\\./)', message: 'src/base imports nothing: the hashing and random numbers every backend shares stand on the language alone.' },
          ],
        },
      ],
    },
  },
  ...boundaries([
    [
      'src/model',
      ['data', 'gpu', 'cpu', 'reference', 'worker', 'ui'],
      'src/model is backend-neutral: the engines, the reference and the UI build from it, never the other way round.',
    ],
    [
      'src/gpu',
      ['worker', 'ui', 'reference', 'cpu'],
      'The GPU engine (src/gpu) imports neither its host (worker, UI), nor the CPU reference it is checked against, nor another backend.',
    ],
    [
      'src/cpu',
      ['worker', 'ui', 'reference', 'gpu'],
      'The CPU engine (src/cpu) imports neither its host (worker, UI), nor the CPU reference it is checked against, nor another backend.',
    ],
    ['src/reference', ['gpu', 'cpu', 'worker', 'ui'], 'The CPU reference is an independent oracle: it imports no engine code.'],
    ['src/data', ['gpu', 'cpu', 'worker', 'ui', 'reference'], 'Data loading knows nothing of the engine or the UI.'],
    [
      'src/export',
      ['data', 'gpu', 'cpu', 'reference', 'worker', 'ui'],
      'Export (src/export) turns a model file into other formats: it stands on src/model alone, so the page and the CLI share it.',
    ],
    [
      'src/worker',
      ['ui', 'gpu', 'cpu'],
      'The worker hosts an engine for the UI: it never imports the UI, and it talks to an engine (src/model/engine.ts), never to a backend; only the worker entry picks one.',
      // The CPU engine's helper threads are the engine's own workers: their entry and spawner start it, as the worker entry does.
      ['src/worker/engine.worker.ts', 'src/worker/cpu-threads.ts', 'src/worker/cpu-thread.worker.ts'],
    ],
  ]),
  {
    files: ['src/worker/engine.worker.ts', 'src/worker/cpu-threads.ts', 'src/worker/cpu-thread.worker.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: into(['ui']), message: 'The worker hosts the engine for the UI: it never imports the UI.' }] }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/gpu/**', '**/cpu/**', '**/reference/**'], message: 'The UI talks to the engine only through src/worker/protocol.ts.' },
            { group: ['**/worker/**', '!**/worker/protocol', '!**/worker/protocol.ts'], message: 'The UI may import only the protocol from src/worker.' },
          ],
        },
      ],
    },
  },
  // Production code (all of src and scripts but the tests and their helpers) imports no test
  // helpers. A rule of its own (typescript-eslint's twin of the core rule), so that it adds to the
  // folder rules above where a second setting of the same rule would replace them.
  {
    files: ['src/**/*.{ts,tsx}', 'scripts/**/*.{ts,tsx,js,mjs}'],
    ignores: ['**/*.test.ts', 'src/testing/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: into(['testing']), message: 'Production code imports no test helpers (src/testing): they are for *.test.ts files.' }] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { parserOptions: { projectService: false, project: null } },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
  },
);
