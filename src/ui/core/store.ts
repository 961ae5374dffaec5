// The store composes the features' slices and imports nothing else of the UI: the engine client
// and the commands, which need both the worker and the store, sit above it, so no import runs back.

import { create } from 'zustand';
import type { EngineEvent } from '../../worker/protocol';
import { addNotice, dismissNotice, engineReduce, initialEngine, type EngineSlice, type Notice } from './engine-slice';
import { initialTraining, trainingReduce, type TrainingSlice } from '../training/training-slice';
import { evaluationReduce, initialEvaluation, type EvaluationSlice } from '../training/evaluation-slice';
import { initialDrawing, type DrawingSlice } from '../drawing/drawing-slice';
import { initialInside, type InsideSlice } from '../inside/inside-slice';
import { initialSettings, type SettingsSlice } from '../settings/settings-slice';
import { initialBuilder, type BuilderSlice } from '../builder/builder-slice';
import { initialPersistence, persistenceReduce, type PersistenceSlice } from '../models/persistence-slice';
import { initialPersonal, personalReduce, type PersonalSlice } from '../personal/personal-slice';
import { initialExplain, type ExplainSlice } from '../explain/explain-slice';

/** One store, one slice per concern. Actions live at module level so the worker bridge needs no hooks. */
export interface InklingState {
  engine: EngineSlice;
  training: TrainingSlice;
  evaluation: EvaluationSlice;
  drawing: DrawingSlice;
  inside: InsideSlice;
  settings: SettingsSlice;
  builder: BuilderSlice;
  persistence: PersistenceSlice;
  personal: PersonalSlice;
  explain: ExplainSlice;
}

export const useInkling = create<InklingState>()(() => ({
  engine: initialEngine,
  training: initialTraining,
  evaluation: initialEvaluation,
  drawing: initialDrawing,
  inside: initialInside,
  settings: initialSettings,
  builder: initialBuilder,
  persistence: initialPersistence,
  personal: initialPersonal,
  explain: initialExplain,
}));

/** Routes one worker event to the slices it concerns (per-step metrics go to the chart ring instead). */
export function applyEngineEvent(event: EngineEvent): void {
  useInkling.setState((s) => ({
    engine: engineReduce(s.engine, event),
    training: trainingReduce(s.training, event),
    evaluation: evaluationReduce(s.evaluation, event, s.engine.model),
    persistence: persistenceReduce(s.persistence, event),
    personal: personalReduce(s.personal, event),
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

export function updateInside(patch: Partial<InsideSlice>): void {
  useInkling.setState((s) => ({ inside: { ...s.inside, ...patch } }));
}

export function updateSettings(patch: Partial<SettingsSlice>): void {
  useInkling.setState((s) => ({ settings: { ...s.settings, ...patch } }));
}

export function updateBuilder(patch: Partial<BuilderSlice>): void {
  useInkling.setState((s) => ({ builder: { ...s.builder, ...patch } }));
}

export function updatePersistence(patch: Partial<PersistenceSlice>): void {
  useInkling.setState((s) => ({ persistence: { ...s.persistence, ...patch } }));
}

export function updatePersonal(patch: Partial<PersonalSlice>): void {
  useInkling.setState((s) => ({ personal: { ...s.personal, ...patch } }));
}

export function updateExplain(patch: Partial<ExplainSlice>): void {
  useInkling.setState((s) => ({ explain: { ...s.explain, ...patch } }));
}

export function clearEvaluations(): void {
  useInkling.setState({ evaluation: initialEvaluation });
}

/** Shows a message in the notice list, as the worker's own notices and errors are shown. */
export function notify(kind: Notice['kind'], message: string): void {
  useInkling.setState((s) => ({ engine: addNotice(s.engine, kind, message) }));
}

export function dismiss(id: number): void {
  useInkling.setState((s) => ({ engine: dismissNotice(s.engine, id) }));
}
