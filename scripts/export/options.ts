// `npm run export` flags. Bad or missing ones are refused with a message naming the flag.
import { parseArgs } from 'node:util';

export interface ExportOptions {
  from: string;
  pytorch: string | null;
  onnx: string | null;
}

export const USAGE = 'usage: npm run export -- --from FILE.safetensors [--pytorch OUTDIR] [--onnx FILE.onnx]';

export function parseExportOptions(argv: string[]): ExportOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { from: { type: 'string' }, pytorch: { type: 'string' }, onnx: { type: 'string' } },
  });
  if (!values.from) throw new Error('--from FILE is required: the model file to export');
  if (!values.pytorch && !values.onnx) throw new Error('nothing to write: give --pytorch OUTDIR, --onnx FILE.onnx, or both');
  if (values.onnx !== undefined && !values.onnx.endsWith('.onnx')) throw new Error(`--onnx must name a .onnx file, got "${values.onnx}"`);
  return { from: values.from, pytorch: values.pytorch ?? null, onnx: values.onnx ?? null };
}
