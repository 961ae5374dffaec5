import { useMemo } from 'react';
import { estimateImagesPerSecond, networkCost, type NetworkCost } from '../../model/costs';
import { buildGraph } from '../../model/graph';
import { formatCount, formatFlops, formatRate } from '../format';
import { useInkling } from '../store/store';

/** What the whole network costs, and the images/s to expect from it. */
export function BuilderTotals({ cost }: { cost: NetworkCost }) {
  return (
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
      <SpeedEstimate flopsPerSample={cost.trainingFlops} />
    </dl>
  );
}

/**
 * Scales the rate the current run measures (its images/s times its FLOPs per image) to this
 * network. Its own component: it follows every progress event, the builder need not.
 */
function SpeedEstimate({ flopsPerSample }: { flopsPerSample: number }) {
  const samplesPerSecond = useInkling((s) => s.training.progress?.samplesPerSecond ?? 0);
  const engineModel = useInkling((s) => s.engine.model);
  const measuredFlops = useMemo(() => {
    if (!engineModel) return 0;
    try {
      return networkCost(buildGraph(engineModel)).trainingFlops;
    } catch {
      return 0;
    }
  }, [engineModel]);
  const estimate = estimateImagesPerSecond({ samplesPerSecond, flopsPerSample: measuredFlops }, flopsPerSample);
  if (estimate === null) return null;
  const gflops = (samplesPerSecond * measuredFlops) / 1e9;
  return (
    <div>
      <dt>Expected speed (estimate)</dt>
      <dd
        data-testid="builder-speed"
        title={`From the ${gflops.toFixed(1)} GFLOP/s the current run measures on this GPU; small layers use a GPU less well, so take it as a guide.`}
      >
        ≈ {formatRate(estimate)} images/s <span className="hint">at {gflops.toFixed(1)} GFLOP/s measured</span>
      </dd>
    </div>
  );
}
