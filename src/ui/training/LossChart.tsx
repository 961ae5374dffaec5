import { UPlotChart } from '../charts/UPlotChart';
import { COLORS, axes } from '../charts/chart-options';
import { ringSource } from './ring-source';

const lossSource = ringSource((v) => [v.steps, v.loss, v.lossSmoothed]);

export function LossChart() {
  return (
    <UPlotChart
      label="Training loss per step"
      testId="loss-chart"
      source={lossSource}
      options={(theme) => ({
        scales: { x: { time: false } },
        axes: axes(theme, { label: 'cross-entropy', size: 56 }),
        series: [{ label: 'step' }, { label: 'loss', stroke: COLORS.raw, width: 1 }, { label: 'smoothed', stroke: COLORS.smooth, width: 2 }],
      })}
    />
  );
}
