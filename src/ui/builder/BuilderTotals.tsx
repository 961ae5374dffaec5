import { useMemo } from 'react';
import { estimateImagesPerSecond, networkCost, type NetworkCost } from '../../model/costs';
import { buildGraph } from '../../model/graph';
import type { ModelSpec } from '../../model/spec';
import type { MemoryAnswer } from './memory';
import { formatBytes, formatCount, formatFlops, formatRate } from '../shared/format';
import { useNetworkMemory } from './use-network-memory';
import { probeSpeed } from './speed-probe';
import { useInkling } from '../core/store';

/** What the whole network costs, and the images/s to expect from it. */
export function BuilderTotals({ cost, spec }: { cost: NetworkCost; spec: ModelSpec }) {
  const memory = useNetworkMemory(spec);
  return (
    <>
      <dl className="builder-totals">
        <div>
          <dt>Parameters</dt>
          <dd data-testid="builder-params" data-value={cost.params}>
            {formatCount(cost.params)}
          </dd>
        </div>
        <div>
          <dt>FLOPs per training image</dt>
          <dd
            data-testid="builder-flops"
            data-value={cost.trainingFlops}
            title={`forward ${formatFlops(cost.forwardFlops)}, backward ${formatFlops(cost.trainingFlops - cost.forwardFlops)}`}
          >
            {formatFlops(cost.trainingFlops)}
          </dd>
        </div>
        <MemoryFigure answer={memory.answer} />
        <SpeedEstimate flopsPerSample={cost.trainingFlops} />
      </dl>
      {memory.problem && (
        <p className="error" role="alert" data-testid="builder-error">
          {memory.problem}
        </p>
      )}
    </>
  );
}

/** Memory to train at the form's batch size, as the worker's plan allocates it on the engine in use (GPU buffers or the wasm memory). */
function MemoryFigure({ answer }: { answer: MemoryAnswer | null }) {
  const batch = useInkling((s) => s.settings.draft.batchSize);
  const onCpu = useInkling((s) => s.engine.kind === 'wasm');
  if (answer && 'error' in answer) return null;
  const report = answer?.report;
  return (
    <div>
      <dt>
        {onCpu ? 'CPU' : 'GPU'} memory at batch {batch}
      </dt>
      <dd
        data-testid="builder-memory"
        data-value={report?.total}
        title={
          report
            ? `From the plan the engine allocates: training ${formatBytes(report.training)}, testing and reading digits ${formatBytes(report.evaluation)}, MNIST ${formatBytes(report.data)}; biggest buffer ${report.largest.label}, ${formatBytes(report.largest.bytes)}. The engine's budget is ${formatBytes(report.budget)}.`
            : undefined
        }
      >
        {report ? `${formatBytes(report.total)} of ${formatBytes(report.budget)}` : '…'}
      </dd>
    </div>
  );
}

/**
 * Scales a measured rate (images/s times FLOPs per image) to this network: the current run's when
 * one is going, else a short probe's, which the user starts. Its own component: it follows every
 * progress event, the builder need not.
 */
function SpeedEstimate({ flopsPerSample }: { flopsPerSample: number }) {
  const runRate = useInkling((s) => s.training.progress?.samplesPerSecond ?? 0);
  const engineModel = useInkling((s) => s.engine.model);
  const probe = useInkling((s) => s.builder.probe);
  const ready = useInkling((s) => s.engine.phase === 'ready');
  const runFlops = useMemo(() => {
    if (!engineModel) return 0;
    try {
      return networkCost(buildGraph(engineModel)).trainingFlops;
    } catch {
      return 0;
    }
  }, [engineModel]);
  const probed = probe !== null && typeof probe === 'object' && 'samplesPerSecond' in probe ? probe : null;
  const measured =
    runRate > 0 && runFlops > 0
      ? { samplesPerSecond: runRate, flopsPerSample: runFlops, source: 'the current run' }
      : probed && { ...probed, source: `a short probe (${probed.model}, batch ${probed.batchSize})` };
  const estimate = measured ? estimateImagesPerSecond(measured, flopsPerSample) : null;
  if (!measured || estimate === null) {
    return (
      <div>
        <dt>Expected speed (estimate)</dt>
        <dd>
          <button type="button" className="secondary" data-testid="builder-probe" disabled={!ready || probe === 'running'} onClick={() => void probeSpeed()}>
            {probe === 'running' ? 'Measuring…' : 'Measure this GPU'}
          </button>
          {probe !== null && typeof probe === 'object' && 'error' in probe && <span className="error"> The probe failed: {probe.error}</span>}
        </dd>
      </div>
    );
  }
  const gflops = (measured.samplesPerSecond * measured.flopsPerSample) / 1e9;
  return (
    <div>
      <dt>Expected speed (estimate)</dt>
      <dd
        data-testid="builder-speed"
        data-value={estimate}
        title={`From the ${gflops.toFixed(1)} GFLOP/s that ${measured.source} measured on this GPU; small layers use a GPU less well, so take it as a guide.`}
      >
        ≈ {formatRate(estimate)} images/s{' '}
        <span className="hint">
          at {gflops.toFixed(1)} GFLOP/s measured by {measured.source}
        </span>
      </dd>
    </div>
  );
}
