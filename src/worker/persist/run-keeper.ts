// The session's memory of its run beyond the GPU: the metric history and the evaluations it has
// sent, and the store they are saved in with the weights. It says how saving goes: a 'saved' event
// per write, and one plain 'storage-error' when writes start failing (not one per attempt). A
// session that does not own the run (another tab does, run-owner.ts) reads it and writes nothing.
import type { AccuracyCheck, EngineEvent, Evaluation, EvaluationPoint, HistogramRidge, SavedSettings } from '../protocol.ts';
import { withRidge } from './histogram-record.ts';
import { MetricLog } from './metric-log.ts';
import { decodeRun, encodeRun, type RunState, type SavedRun } from './run-record.ts';
import { storageMessage } from './storage-errors.ts';
import { messageOf } from '../session/messages.ts';
import type { PersistStore } from './store.ts';

/** What the keeper adds to a run state itself. */
export type RunParts = Omit<RunState, 'metrics' | 'evaluations' | 'lastEvaluation' | 'recordedAccuracy' | 'check' | 'histograms' | 'savedAt'>;

export class RunKeeper {
  readonly metrics = new MetricLog();
  private evaluations: EvaluationPoint[] = [];
  private lastEvaluation: Evaluation | null = null;
  /** The layer histograms of the evaluations during training, in step order. */
  private histograms: HistogramRidge[] = [];
  /** What the file of weights in use recorded of their accuracy, untested here since: a claim, shown as one. */
  recordedAccuracy: number | null = null;
  /** The quick check of the model in use (quick-check.ts), until a new model or a rollback past it. */
  private check: AccuracyCheck | null = null;
  private failing = false;

  constructor(
    private readonly store: PersistStore | null,
    private readonly emit: (e: EngineEvent) => void,
    /** Whether this session owns the run now (checked before every write). */
    private readonly owns: () => boolean = () => true,
  ) {}

  /** The run's latest test, or null when the model in use has not been tested. */
  get latestEvaluation(): Evaluation | null {
    return this.lastEvaluation;
  }

  /** A new model or a fresh start: the history begins again. */
  newRun(): void {
    this.metrics.reset();
    this.evaluations = [];
    this.lastEvaluation = null;
    this.recordedAccuracy = null;
    this.check = null;
    this.histograms = [];
  }

  noteCheck(check: AccuracyCheck): void {
    this.check = check;
  }

  /**
   * The weights went back to those of `step`: tests and checks of later steps measured weights
   * that are gone, so they go too, here and on the page.
   */
  rollBack(step: number): void {
    this.evaluations = this.evaluations.filter((p) => p.step <= step);
    this.histograms = this.histograms.filter((r) => r.step <= step);
    if (this.lastEvaluation && this.lastEvaluation.step > step) this.lastEvaluation = null;
    if (this.check && this.check.step > step) this.check = null;
    this.emit({ type: 'rolled-back', step });
  }

  noteEvaluation(e: Evaluation): void {
    this.evaluations = this.evaluations.filter((p) => p.step !== e.step);
    this.evaluations.push({ step: e.step, epoch: e.epoch, loss: e.loss, accuracy: e.accuracy });
    this.evaluations.sort((a, b) => a.step - b.step);
    this.lastEvaluation = e;
  }

  noteHistograms(ridge: HistogramRidge): void {
    this.histograms = withRidge(this.histograms, ridge);
  }

  /** The saved run, checked; null when there is none or it cannot be read (the page is told why). */
  async load(): Promise<SavedRun | null> {
    if (!this.store) return null;
    let raw: unknown;
    try {
      raw = await this.store.loadRun();
    } catch (e) {
      this.emit({ type: 'storage-error', message: storageMessage(e, 'Nothing can be saved or restored') });
      return null;
    }
    if (raw === undefined) return null;
    try {
      return decodeRun(raw);
    } catch (e) {
      this.emit({ type: 'notice', message: `The saved run could not be restored (${messageOf(e)}); starting anew.` });
      return null;
    }
  }

  /** Takes over a restored run's history. */
  restore(run: SavedRun): void {
    this.metrics.reset(run.restored.metrics);
    this.evaluations = [...run.restored.evaluations];
    this.lastEvaluation = run.restored.lastEvaluation;
    this.recordedAccuracy = run.recordedAccuracy;
    this.check = run.restored.check;
    this.histograms = [...run.restored.histograms];
  }

  /** Writes the run as of its checkpoint's step; never throws (the page hears how it went). */
  async save(parts: RunParts): Promise<void> {
    if (!this.store || !this.owns()) return;
    const step = parts.checkpoint.step;
    const savedAt = Date.now();
    const record = encodeRun({
      ...parts,
      // What the checkpoint's weights had seen: metrics and tests of later steps belong to the next save.
      metrics: this.metrics.upTo(step),
      evaluations: this.evaluations.filter((p) => p.step <= step),
      lastEvaluation: this.lastEvaluation && this.lastEvaluation.step <= step ? this.lastEvaluation : null,
      recordedAccuracy: this.recordedAccuracy,
      check: this.check && this.check.step <= step ? this.check : null,
      histograms: this.histograms.filter((r) => r.step <= step),
      savedAt,
    });
    try {
      await this.store.saveRun(record);
    } catch (e) {
      if (!this.failing) {
        this.emit({ type: 'storage-error', message: `${storageMessage(e, 'Your work is not being saved')} Training goes on; export the model to keep it.` });
      }
      this.failing = true;
      return;
    }
    this.failing = false;
    this.emit({ type: 'saved', step, savedAt });
  }

  async loadSettings(): Promise<SavedSettings | null> {
    const raw = await this.call((s) => s.loadSettings(), 'The saved settings could not be read').catch(() => null);
    return raw && typeof raw === 'object' ? (raw as SavedSettings) : null;
  }

  async saveSettings(settings: SavedSettings): Promise<void> {
    // The form is the run's too: a tab that does not own the run leaves the owner's as it is.
    if (!this.owns()) return;
    // The run's save reports a failing store; the settings need not say it again.
    await this.call((s) => s.saveSettings(settings), 'The settings were not saved').catch(() => undefined);
  }

  /** A store call whose failure is rejected with a plain message starting with `what`. */
  async call<T>(action: (store: PersistStore) => Promise<T>, what: string): Promise<T> {
    if (!this.store) throw new Error(`${what}: this engine has no storage`);
    try {
      return await action(this.store);
    } catch (e) {
      throw new Error(storageMessage(e, what));
    }
  }
}
