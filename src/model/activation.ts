// Element-wise activations a layer applies to its output. Each is fused into the kernel that
// produces the output; its derivative is written in terms of that output (y), so the backward
// pass needs no copy of the pre-activation.
export const ACTIVATIONS = ['none', 'relu', 'tanh', 'sigmoid'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/**
 * The WGSL override constant ACTIVATION takes this code (0 none, 1 relu, 2 tanh, 3 sigmoid).
 * Throws, naming `label`, for any other name: one from an unchecked spec would reach WGSL as −1.
 */
export function activationCode(a: Activation, label = 'activation'): number {
  const code = ACTIVATIONS.indexOf(a);
  if (code < 0) throw new Error(`${label}: activation must be one of ${ACTIVATIONS.join(', ')}, got ${String(a)}`);
  return code;
}
