import type uPlot from 'uplot';
import { useInkling } from '../core/store';
import type { EvaluationPoint } from './evaluation-slice';
import { UPlotChart, type ChartSource } from '../charts/UPlotChart';
import { COLORS, axes, percent } from '../charts/chart-options';

function toData(history: EvaluationPoint[]): uPlot.AlignedData {
  return [history.map((p) => p.step), history.map((p) => p.loss), history.map((p) => p.accuracy)];
}

// Evaluations are rare (a few per epoch), so the store's subscription is cheap enough here.
const testSource: ChartSource = (push) => {
  push(toData(useInkling.getState().evaluation.history));
  return useInkling.subscribe((state, previous) => {
    if (state.evaluation.history !== previous.evaluation.history) push(toData(state.evaluation.history));
  });
};

export function TestChart() {
  return (
    <UPlotChart
      label="Test loss and accuracy at each evaluation"
      testId="test-chart"
      source={testSource}
      options={(theme) => ({
        // One evaluation is one point: give the x scale some width around it.
        scales: { x: { time: false, range: (_u, min, max) => (min === max ? [min - 1, max + 1] : [min, max]) }, acc: { range: [0, 1] } },
        axes: axes(
          theme,
          { label: 'test loss', size: 56, scale: 'y' },
          { label: 'test accuracy', size: 56, scale: 'acc', values: (_u, ticks) => ticks.map(percent) },
        ),
        series: [
          { label: 'step' },
          { label: 'test loss', stroke: COLORS.smooth, width: 2, scale: 'y', points: { show: true, size: 6 } },
          {
            label: 'test accuracy',
            stroke: COLORS.test,
            width: 2,
            scale: 'acc',
            points: { show: true, size: 6 },
            value: (_u, v) => (v == null ? '—' : percent(v)),
          },
        ],
      })}
    />
  );
}
