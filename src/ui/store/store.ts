import { create } from 'zustand';
import type { EngineEvent } from '../../worker/protocol';
import { dismissNotice, engineReduce, initialEngine, type EngineSlice } from './engine-slice';
import { initialTraining, trainingReduce, type TrainingSlice } from './training-slice';
import { evaluationReduce, initialEvaluation, type EvaluationSlice } from './evaluation-slice';
import { initialDrawing, type DrawingSlice } from './drawing-slice';
import { initialSettings, type SettingsSlice } from './settings-slice';
import { initialBuilder, type BuilderSlice } from './builder-slice';

/** One store, one slice per concern. Actions live at module level so the worker bridge needs no hooks. */
export interface InklingState {
  engine: EngineSlice;
  training: TrainingSlice;
  evaluation: EvaluationSlice;
  drawing: DrawingSlice;
  settings: SettingsSlice;
  builder: BuilderSlice;
}

export const useInkling = create<InklingState>()(() => ({
  engine: initialEngine,
  training: initialTraining,
  evaluation: initialEvaluation,
  drawing: initialDrawing,
  settings: initialSettings,
  builder: initialBuilder,
}));

/** Routes one worker event to the slices it concerns (per-step metrics go to the chart ring instead). */
export function applyEngineEvent(event: EngineEvent): void {
  useInkling.setState((s) => ({
    engine: engineReduce(s.engine, event),
    training: trainingReduce(s.training, event),
    evaluation: evaluationReduce(s.evaluation, event, s.engine.model),
  }));
}

export function updateEngine(patch: Partial<EngineSlice>): void {
  useInkling.setState((s) => ({ engine: { ...s.engine, ...patch } }));
}

export function updateTraining(patch: Partial<TrainingSlice>): void {
  useInkling.setState((s) => ({ training: { ...s.training, ...patch } }));
}

export function updateDrawing(patch: Partial<DrawingSlice>): void {
  useInkling.setState((s) => ({ drawing: { ...s.drawing, ...patch } }));
}

export function updateSettings(patch: Partial<SettingsSlice>): void {
  useInkling.setState((s) => ({ settings: { ...s.settings, ...patch } }));
}

export function updateBuilder(patch: Partial<BuilderSlice>): void {
  useInkling.setState((s) => ({ builder: { ...s.builder, ...patch } }));
}

export function clearEvaluations(): void {
  useInkling.setState({ evaluation: initialEvaluation });
}

export function dismiss(id: number): void {
  useInkling.setState((s) => ({ engine: dismissNotice(s.engine, id) }));
}
