// The embedding map's questions to the engine, only while the map is open and on screen: the map
// itself after each evaluation, a change of model or of method, and the drawn digit's place on it
// as the drawing changes (throttled, one request in flight, as the inside view's). Closed, it asks
// nothing, tells the worker to drop what it kept, and keeps nothing here.
import { useEffect, useMemo, useState } from 'react';
import { engine } from '../core/engine-client';
import { useInkling } from '../core/store';
import { PredictionScheduler } from '../shared/prediction-scheduler';
import type { EmbeddingMap, EmbeddingMethod, EmbeddingPlace } from '../../worker/protocol';
import { useAnswer, type Answer } from './use-answer';

/** Test digits on the map: enough to see every class's shape, few enough to draw and hover at once. */
export const MAP_DIGITS = 2000;
const PLACE_INTERVAL_MS = 250;

export function useEmbedding(active: boolean, method: EmbeddingMethod): { answer: Answer<EmbeddingMap>; place: EmbeddingPlace | null } {
  const evaluated = useInkling((s) => s.evaluation.latest?.step ?? null);
  const model = useInkling((s) => s.engine.model);
  const ready = useInkling((s) => s.engine.phase === 'ready');
  const on = active && ready;
  const key = on ? `${method}/${evaluated}/${JSON.stringify(model)}` : null;
  const answer = useAnswer(key, () => engine().embedding(MAP_DIGITS, method));
  useEffect(() => {
    if (!on) return;
    return () =>
      void engine()
        .closeEmbedding()
        .catch(() => undefined);
  }, [on]);

  const preview = useInkling((s) => s.drawing.preview);
  const [place, setPlace] = useState<EmbeddingPlace | null>(null);
  const scheduler = useMemo(
    () =>
      new PredictionScheduler<Float32Array, EmbeddingPlace | null>(
        (image) => engine().embeddingPlace(image),
        setPlace,
        () => setPlace(null),
        PLACE_INTERVAL_MS,
      ),
    [],
  );
  useEffect(() => () => scheduler.cancel(), [scheduler]);
  const map = answer.value;
  useEffect(() => {
    if (!on || !map || !preview) {
      scheduler.cancel();
      setPlace(null);
    } else scheduler.request(preview);
  }, [on, map, preview, scheduler]);
  return { answer, place: on && map && preview ? place : null };
}
