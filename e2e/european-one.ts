// A European 1 in pad coordinates: a long flag up to the top, then straight down, and no base.
// MNIST's ones are mostly a single bar, and the shipped model reads this as a 7: a style to teach.
import type { Stroke } from './digits';

/** `dx` moves it sideways, `lean` tilts the downstroke, `flag` sets where the flag starts. */
export function europeanOne(dx: number, lean: number, flag: [number, number]): Stroke[] {
  return [
    [
      [flag[0] + dx, flag[1]],
      [0.55 + dx, 0.15],
      [0.55 + dx - lean, 0.85],
    ],
  ];
}

/** Eight of them, with different slants and flags: what is taught as 1. */
export const TAUGHT_ONES = [
  europeanOne(0, 0, [0.3, 0.38]),
  europeanOne(-0.08, 0.02, [0.28, 0.4]),
  europeanOne(0.06, -0.02, [0.32, 0.4]),
  europeanOne(-0.03, 0.01, [0.27, 0.37]),
  europeanOne(0.08, 0, [0.3, 0.42]),
  europeanOne(-0.06, -0.01, [0.26, 0.4]),
  europeanOne(0.02, 0.02, [0.31, 0.36]),
  europeanOne(0.04, -0.02, [0.29, 0.39]),
];

/** New drawings in the same style, none of them taught. */
export const NEW_ONES = [europeanOne(0.01, 0, [0.29, 0.38]), europeanOne(-0.04, 0.01, [0.28, 0.39]), europeanOne(0.05, -0.01, [0.31, 0.4])];
