// A read-only window into the app for the e2e tests and the screenshot script, installed only in
// their build (page.tsx). It exposes snapshots, never the store itself: nothing outside the app
// can change its state through it.
import { metricsRing } from './core/metrics-ring';
import { useInkling } from './core/store';

export interface InklingSnapshot {
  phase: string;
  /** The worker reads drawings already (its reading event), before it is ready. */
  reading: boolean;
  adapter: string | null;
  trainState: string | null;
  step: number;
  /** Steps in an epoch of the run (0 before one): the loop tests the model at each multiple. */
  stepsPerEpoch: number;
  predicted: number | null;
  probabilities: number[] | null;
  /** Per-step training loss, oldest first (the chart's data). */
  trainingLoss: number[];
  testAccuracy: number | null;
  /** Steps of the test curve's points. */
  testSteps: number[];
  /** The step the last save of the run holds (null before any), and why saving fails. */
  savedStep: number | null;
  savedAt: number | null;
  storageProblem: string | null;
  /** Whether this tab owns the saved run, or why not. */
  runOwner: string;
  /**
   * The inside view on screen: its layers, the predicted class, the class its saliency and Grad-CAM
   * are for, Σ|saliency| (changes with the drawing), and Grad-CAM's layer and Σ map (null without).
   */
  inside: { layers: string[]; predicted: number; explained: number; saliency: number; gradCam: { layer: string; sum: number } | null } | null;
}

export interface InklingTestHook {
  snapshot(): InklingSnapshot;
}

declare global {
  interface Window {
    __inkling?: InklingTestHook;
  }
}

function snapshot(): InklingSnapshot {
  const s = useInkling.getState();
  const probabilities = s.drawing.probabilities ? Array.from(s.drawing.probabilities) : null;
  return {
    phase: s.engine.phase,
    reading: s.engine.reading,
    adapter: s.engine.adapter,
    trainState: s.training.progress?.state ?? null,
    step: s.training.progress?.step ?? 0,
    stepsPerEpoch: s.training.progress?.stepsPerEpoch ?? 0,
    predicted: probabilities ? probabilities.indexOf(Math.max(...probabilities)) : null,
    probabilities,
    trainingLoss: Array.from(metricsRing.view().loss),
    testAccuracy: s.evaluation.latest?.accuracy ?? null,
    testSteps: s.evaluation.history.map((p) => p.step),
    savedStep: s.persistence.savedStep,
    savedAt: s.persistence.savedAt,
    storageProblem: s.persistence.problem,
    runOwner: s.engine.runOwner,
    inside: s.inside.view
      ? {
          layers: s.inside.view.layers.map((l) => l.name),
          predicted: s.inside.view.predicted,
          explained: s.inside.view.explained,
          saliency: s.inside.view.saliency.reduce((sum, g) => sum + Math.abs(g), 0),
          gradCam: s.inside.view.gradCam && { layer: s.inside.view.gradCam.name, sum: s.inside.view.gradCam.map.reduce((sum, v) => sum + v, 0) },
        }
      : null,
  };
}

export function installTestHook(): void {
  window.__inkling = Object.freeze({ snapshot });
}
