// Shapes are per sample, NCHW without the batch: [channels, height, width] or [features].
export type Shape = readonly number[];

export function size(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Shape checks before any GPU work: every named field must be a whole number ≥ 1. */
export function requirePositiveIntegers(label: string, fields: Readonly<Record<string, number>>): void {
  for (const [name, v] of Object.entries(fields)) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${label}: ${name} must be a positive integer, got ${v}`);
  }
}
