// Main-thread tasks over 50 ms (the browser reports only those), each with what ran in it: the
// scripts of the long animation frames it overlaps. A test marks a window (pageNow) around what
// it checks, such as a drawing, and reads the tasks that began in it, so work outside the window
// (loading, a GPU compile on a busy machine, the test's own reads) is never blamed on it.
import type { Page } from '@playwright/test';

export interface LongTask {
  start: number;
  duration: number;
  /** "invoker function duration" of each script in the long animation frames the task overlaps. */
  scripts: string[];
}

interface LongTaskLog {
  tasks: { start: number; duration: number }[];
  frames: { start: number; duration: number; scripts: string[] }[];
  /** Moves the entries the browser has queued but not yet delivered into the lists. */
  flush: () => void;
}

// Not in TypeScript's DOM types yet: the Long Animation Frames API entry, as much as is read here.
interface LongAnimationFrame extends PerformanceEntry {
  scripts: { invoker: string; sourceFunctionName: string; duration: number }[];
}

declare global {
  interface Window {
    __longTasks?: LongTaskLog;
  }
}

/** Records long tasks and long animation frames from the page's first script on; call before page.goto. */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const addTasks = (entries: PerformanceEntry[]) => {
      for (const entry of entries) log.tasks.push({ start: entry.startTime, duration: entry.duration });
    };
    const addFrames = (entries: PerformanceEntry[]) => {
      for (const entry of entries as LongAnimationFrame[]) {
        const scripts = entry.scripts.map((s) => `${s.invoker} ${s.sourceFunctionName} ${Math.round(s.duration)} ms`);
        log.frames.push({ start: entry.startTime, duration: entry.duration, scripts });
      }
    };
    const tasks = new PerformanceObserver((list) => addTasks(list.getEntries()));
    const frames = new PerformanceObserver((list) => addFrames(list.getEntries()));
    const log: LongTaskLog = {
      tasks: [],
      frames: [],
      flush: () => {
        addTasks(tasks.takeRecords());
        addFrames(frames.takeRecords());
      },
    };
    window.__longTasks = log;
    tasks.observe({ type: 'longtask', buffered: true });
    frames.observe({ type: 'long-animation-frame', buffered: true });
  });
}

/** The page's clock (performance.now()), to mark a window. */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** The long tasks that began in [from, to], each with the scripts of the frames it overlaps. */
export async function longTasksBetween(page: Page, from: number, to: number): Promise<LongTask[]> {
  // A task is reported after it ends, and its long animation frame after the frame is drawn: the
  // read waits for the next frame to be drawn, then takes what the observers hold undelivered.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  return page.evaluate(
    ([t0, t1]) => {
      const log = window.__longTasks;
      if (!log) throw new Error('long tasks are not recorded: call recordLongTasks before page.goto');
      log.flush();
      return log.tasks
        .filter((t) => t.start >= t0 && t.start <= t1)
        .map((t) => ({
          ...t,
          scripts: log.frames.filter((f) => f.start < t.start + t.duration && t.start < f.start + f.duration).flatMap((f) => f.scripts),
        }));
    },
    [from, to] as const,
  );
}
