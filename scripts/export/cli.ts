// `npm run export`: a model file as a PyTorch project (--pytorch OUTDIR) and as ONNX (--onnx
// FILE.onnx). The same pure code (src/export) makes them as the page's Export menu does.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { toOnnx } from '../../src/export/onnx/export.ts';
import { pytorchProject } from '../../src/export/pytorch/project.ts';
import { gitCommit } from '../lib/git-commit.ts';
import { parseExportOptions, USAGE, type ExportOptions } from './options.ts';
import { readPythonSources } from './python-sources.ts';

async function main(): Promise<void> {
  let opts: ExportOptions;
  try {
    opts = parseExportOptions(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    process.exit(2);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(opts.from);
  } catch (e) {
    throw new Error(`--from ${opts.from}: cannot read it (${e instanceof Error ? e.message : String(e)})`);
  }
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  if (opts.pytorch) {
    const files = pytorchProject(file, readPythonSources(), basename(opts.from));
    await mkdir(opts.pytorch, { recursive: true });
    for (const [name, content] of Object.entries(files)) await writeFile(join(opts.pytorch, name), content);
    process.stderr.write(`wrote a PyTorch project to ${opts.pytorch} (${Object.keys(files).join(', ')})\n`);
  }
  if (opts.onnx) {
    await mkdir(dirname(opts.onnx), { recursive: true });
    await writeFile(opts.onnx, toOnnx(file, basename(opts.from), gitCommit() ?? ''));
    process.stderr.write(`wrote ${opts.onnx}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`export: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
