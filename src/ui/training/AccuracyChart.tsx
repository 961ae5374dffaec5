import { UPlotChart } from '../charts/UPlotChart';
import { COLORS, axes, percent } from '../charts/chart-options';
import { ringSource } from './ring-source';

const accuracySource = ringSource((v) => [v.steps, v.accuracy, v.accuracySmoothed]);

export function AccuracyChart() {
  return (
    <UPlotChart
      label="Training accuracy per step"
      testId="accuracy-chart"
      source={accuracySource}
      options={(theme) => ({
        scales: { x: { time: false }, y: { range: [0, 1] } },
        axes: axes(theme, { label: 'batch accuracy', size: 56, values: (_u, ticks) => ticks.map(percent) }),
        series: [
          { label: 'step' },
          { label: 'accuracy', stroke: COLORS.accuracyRaw, width: 1, value: (_u, v) => (v == null ? '—' : percent(v)) },
          { label: 'smoothed', stroke: COLORS.accuracy, width: 2, value: (_u, v) => (v == null ? '—' : percent(v)) },
        ],
      })}
    />
  );
}
