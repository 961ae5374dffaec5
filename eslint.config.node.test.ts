// Lint holds the arrows between folders (eslint.config.js): a crossing import must fail it, and an
// import along an arrow must pass. Each case lints one line as if it were a file at that path.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The boundary rules read import paths, never types. Type-aware linting would load the whole
// program first (tens of seconds) and refuse paths that are not on disk, so the cases run the
// project's config with type information off.
const eslint = new ESLint({
  cwd: import.meta.dirname,
  overrideConfig: [
    {
      files: ['**/*.ts', '**/*.tsx'],
      ...tseslint.configs.disableTypeChecked,
      languageOptions: { parserOptions: { projectService: false, project: null } },
    },
  ],
  ruleFilter: ({ ruleId }) => ruleId.endsWith('no-restricted-imports'),
});

/** The messages lint gives `source` imported from a file at `filePath`. */
async function lintImport(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${source}';\nexport const y = x;\n`, { filePath });
  return result.messages.map((m) => m.message);
}

interface Case {
  rule: string;
  file: string;
  crossing: string;
  /** A phrase of the rule's message. */
  message: string;
  allowed: string;
}

const cases: Case[] = [
  { rule: 'the base imports nothing', file: 'src/base/x.ts', crossing: '../model/shape.ts', message: 'src/base imports nothing', allowed: './hash.ts' },
  { rule: 'the base imports no package', file: 'src/base/x.ts', crossing: 'idb', message: 'src/base imports nothing', allowed: './random.ts' },
  {
    rule: 'src/model imports no data',
    file: 'src/model/x.ts',
    crossing: '../data/shuffle.ts',
    message: 'src/model is backend-neutral',
    allowed: '../base/hash.ts',
  },
  {
    rule: 'src/model imports no gpu',
    file: 'src/model/kinds/x.ts',
    crossing: '../../gpu/device.ts',
    message: 'src/model is backend-neutral',
    allowed: '../shape.ts',
  },
  { rule: 'src/model imports no cpu', file: 'src/model/x.ts', crossing: '../cpu/engine.ts', message: 'src/model is backend-neutral', allowed: './spec.ts' },
  {
    rule: 'src/model imports no reference',
    file: 'src/model/x.ts',
    crossing: '../reference/matmul.ts',
    message: 'src/model is backend-neutral',
    allowed: './graph.ts',
  },
  {
    rule: 'src/model imports no worker',
    file: 'src/model/x.ts',
    crossing: '../worker/protocol.ts',
    message: 'src/model is backend-neutral',
    allowed: './config.ts',
  },
  { rule: 'src/model imports no ui', file: 'src/model/x.ts', crossing: '../ui/main.tsx', message: 'src/model is backend-neutral', allowed: './presets.ts' },
  { rule: 'src/gpu imports no cpu', file: 'src/gpu/x.ts', crossing: '../cpu/engine.ts', message: 'The GPU engine (src/gpu)', allowed: '../model/graph.ts' },
  {
    rule: 'src/gpu imports no reference',
    file: 'src/gpu/layers/x.ts',
    crossing: '../../reference/matmul.ts',
    message: 'The GPU engine (src/gpu)',
    allowed: '../kernels/matmul.ts',
  },
  {
    rule: 'src/gpu imports no worker',
    file: 'src/gpu/x.ts',
    crossing: '../worker/protocol.ts',
    message: 'The GPU engine (src/gpu)',
    allowed: '../base/random.ts',
  },
  { rule: 'src/cpu imports no gpu', file: 'src/cpu/x.ts', crossing: '../gpu/device.ts', message: 'The CPU engine (src/cpu)', allowed: '../model/graph.ts' },
  {
    rule: 'src/cpu imports no reference',
    file: 'src/cpu/x.ts',
    crossing: '../reference/matmul.ts',
    message: 'The CPU engine (src/cpu)',
    allowed: '../base/hash.ts',
  },
  { rule: 'src/cpu imports no ui', file: 'src/cpu/x.ts', crossing: '../ui/main.tsx', message: 'The CPU engine (src/cpu)', allowed: './kernels.ts' },
  {
    rule: 'src/reference imports no engine',
    file: 'src/reference/x.ts',
    crossing: '../gpu/device.ts',
    message: 'independent oracle',
    allowed: '../model/graph.ts',
  },
  { rule: 'src/reference imports no cpu', file: 'src/reference/x.ts', crossing: '../cpu/engine.ts', message: 'independent oracle', allowed: './matmul.ts' },
  {
    rule: 'src/data imports no engine',
    file: 'src/data/x.ts',
    crossing: '../gpu/device.ts',
    message: 'Data loading knows nothing',
    allowed: '../base/random.ts',
  },
  {
    rule: 'src/data imports no reference',
    file: 'src/data/x.ts',
    crossing: '../reference/gather.ts',
    message: 'Data loading knows nothing',
    allowed: './idx.ts',
  },
  {
    rule: 'src/export imports no engine nor the worker',
    file: 'src/export/onnx/x.ts',
    crossing: '../../worker/protocol.ts',
    message: 'stands on src/model alone',
    allowed: '../../model/graph.ts',
  },
  {
    rule: 'src/worker imports no ui',
    file: 'src/worker/persist/x.ts',
    crossing: '../../ui/main.tsx',
    message: 'never imports the UI',
    allowed: '../protocol.ts',
  },
  {
    rule: 'src/ui imports no engine',
    file: 'src/ui/x.tsx',
    crossing: '../gpu/device.ts',
    message: 'only through src/worker/protocol.ts',
    allowed: './store/store.ts',
  },
  {
    rule: 'src/ui imports no cpu',
    file: 'src/ui/x.ts',
    crossing: '../cpu/engine.ts',
    message: 'only through src/worker/protocol.ts',
    allowed: './engine-client.ts',
  },
  {
    rule: 'src/ui imports only the protocol of the worker',
    file: 'src/ui/x.ts',
    crossing: '../worker/engine-session.ts',
    message: 'only the protocol',
    allowed: '../worker/protocol.ts',
  },
  {
    rule: 'the worker imports no test helper',
    file: 'src/worker/x.ts',
    crossing: '../testing/until.ts',
    message: 'imports no test helpers',
    allowed: './protocol.ts',
  },
  {
    rule: 'src/model imports no test helper',
    file: 'src/model/x.ts',
    crossing: '../testing/close.ts',
    message: 'imports no test helpers',
    allowed: './shape.ts',
  },
  {
    rule: 'the UI imports no test helper',
    file: 'src/ui/x.ts',
    crossing: '../testing/until.ts',
    message: 'imports no test helpers',
    allowed: '../model/spec.ts',
  },
  {
    rule: 'a script imports no test helper',
    file: 'scripts/bench/x.ts',
    crossing: '../../src/testing/random.ts',
    message: 'imports no test helpers',
    allowed: '../../src/base/random.ts',
  },
];

describe('lint refuses an import that crosses a folder boundary', () => {
  it.each(cases)('$rule', async (c) => {
    const crossing = await lintImport(c.file, c.crossing);
    expect(crossing).toHaveLength(1);
    expect(crossing[0]).toContain(c.message);
    expect(await lintImport(c.file, c.allowed)).toEqual([]);
  });

  it('lets tests and the test helpers reach further', async () => {
    expect(await lintImport('src/model/x.node.test.ts', '../testing/close.ts')).toEqual([]);
    expect(await lintImport('src/gpu/kernels/x.gpu.test.ts', '../../reference/matmul.ts')).toEqual([]);
    expect(await lintImport('src/testing/x.ts', './until.ts')).toEqual([]);
    expect(await lintImport('src/testing/x.ts', '../testing/until.ts')).toEqual([]);
  });
});
