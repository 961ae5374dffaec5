import { useEffect, useMemo } from 'react';
import type { ModelSpec } from '../../model/spec';
import { memoryConfig, memoryKey, memoryProblem, type MemoryAnswer } from './memory';
import { requestMemory } from './memory-request';
import { useInkling } from '../core/store';

export interface NetworkMemory {
  /** The worker's answer for this network at the form's settings; null until it comes. */
  answer: MemoryAnswer | null;
  /** Why the engine would refuse to train it: over its budget or a buffer over the device's limit. */
  problem: string | null;
}

/** The GPU memory of training `spec` (null: an invalid network) with the form's batch size and optimizer, asked of the worker. */
export function useNetworkMemory(spec: ModelSpec | null): NetworkMemory {
  const settings = useInkling((s) => s.settings.draft);
  const ready = useInkling((s) => s.engine.phase === 'ready');
  const kind = useInkling((s) => s.engine.kind);
  const stored = useInkling((s) => s.builder.memory);
  const config = useMemo(() => (spec ? memoryConfig(settings, spec) : null), [settings, spec]);
  useEffect(() => {
    if (ready && config) requestMemory(config, kind);
  }, [ready, config, kind]);
  const answer = config && stored?.key === memoryKey(config, kind) ? stored : null;
  return { answer, problem: memoryProblem(answer, config, kind) };
}
