import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** One no-restricted-imports rule per folder: [files, folders it must not import, why, files exempt]. */
function boundaries(rules) {
  return rules.map(([files, banned, message, exempt = []]) => ({
    files: [`${files}/*.{ts,tsx}`],
    ignores: ['**/*.test.ts', ...exempt],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: banned.flatMap((f) => [`**/${f}/**`, `../${f}`, `../../${f}`]), message }] }] },
  }));
}

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public', '.gpu', 'test-results', 'playwright-report', 'bench-results'] },
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
  // The arrows between folders run one way (DESIGN.md): ui → worker protocol → model;
  // worker → engine interface (src/model/engine.ts) ← gpu → model; reference → model. Tests may reach further (a kernel test imports its
  // reference oracle), so the rules hold for the code the app ships.
  ...boundaries([
    [
      'src/model/**',
      ['gpu', 'reference', 'worker', 'ui', 'testing'],
      'src/model is backend-neutral: the engine, the reference and the UI build from it, never the other way round.',
    ],
    [
      'src/gpu/**',
      ['worker', 'ui', 'reference', 'testing'],
      'The engine (src/gpu) imports neither its host (worker, UI) nor the CPU reference it is checked against.',
    ],
    ['src/reference/**', ['gpu', 'worker', 'ui'], 'The CPU reference is an independent oracle: it imports no engine code.'],
    ['src/data/**', ['gpu', 'worker', 'ui', 'reference'], 'Data loading knows nothing of the engine or the UI.'],
    [
      'src/worker/**',
      ['gpu'],
      'The worker session talks to an engine (src/model/engine.ts), never to a backend: only the worker entry picks one.',
      ['src/worker/engine.worker.ts'],
    ],
  ]),
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/gpu/**', '**/reference/**'], message: 'The UI talks to the engine only through src/worker/protocol.ts.' },
            { group: ['**/worker/**', '!**/worker/protocol', '!**/worker/protocol.ts'], message: 'The UI may import only the protocol from src/worker.' },
          ],
        },
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
