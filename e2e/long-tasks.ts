// Main-thread tasks in which the page's own work passed 50 ms, read from Chromium's trace.
//
// A task's wall-clock length, which the Long Tasks API reports, is no measure of the page's work
// here: on 2 shared cores, SwiftShader's GPU process and the engine's worker take the processor
// from the page's thread mid-task, so that a task can last twice the work done in it, and a check
// on its length fails for the machine's load rather than the page. The trace gives each task its
// thread's CPU time as well: a task fails the check when that passes 50 ms, and the report names
// what ran in it, with both times.
import type { Page } from '@playwright/test';

export interface LongTask {
  /** Milliseconds of the page's main thread's CPU time. */
  cpu: number;
  /** Milliseconds from the task's start to its end. */
  wall: number;
  /** The largest pieces of work in it: "what (cpu ms of wall ms)". */
  work: string[];
}

/** Over this much of the page's own work in one task, the page does not answer its user at once. */
const LONG_MS = 50;
// The tasks and their thread times ('toplevel'), what ran in them (scripts, style, layout, paint),
// and which process renders the page (TracingStartedInBrowser, in the last).
const CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'];

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: {
    name?: string;
    data?: { functionName?: string; frames?: { processId: number; isOutermostMainFrame?: boolean }[] };
    chrome_mojo_event_info?: { mojo_interface_tag?: string };
  };
}

export interface MainThreadWatch {
  /** Stops recording; the tasks since the watch began whose work passed 50 ms of CPU time. */
  longTasks(): Promise<LongTask[]>;
}

/** Starts recording the page's main thread (one watch at a time in a browser). */
export async function watchMainThread(page: Page): Promise<MainThreadWatch> {
  const browser = page.context().browser();
  if (!browser) throw new Error('watchMainThread needs a page of a launched browser');
  await browser.startTracing(page, { categories: CATEGORIES });
  return {
    longTasks: async () => {
      const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
      return longTasksIn(trace.traceEvents);
    },
  };
}

const ms = (us: number | undefined) => Math.round((us ?? 0) / 1000);

function longTasksIn(events: TraceEvent[]): LongTask[] {
  const thread = pageMainThread(events);
  const own = events.filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X' && e.dur !== undefined);
  // Top-level tasks only: a task run inside another (a nested loop) is counted in it.
  const tasks = own.filter((e) => e.name === 'ThreadControllerImpl::RunTask').sort((a, b) => a.ts - b.ts);
  if (tasks.length > 0 && tasks.every((t) => t.tdur === undefined))
    throw new Error("the trace holds no thread times: this platform's Chromium does not give them");
  const long: LongTask[] = [];
  let end = -Infinity;
  for (const task of tasks) {
    const taskEnd = task.ts + task.dur!;
    if (task.ts < end) continue;
    end = taskEnd;
    if ((task.tdur ?? 0) <= LONG_MS * 1000) continue;
    const within = (e: TraceEvent) => e.ts >= task.ts && e.ts + e.dur! <= taskEnd;
    // The test's own reads and waits come to the page through DevTools: they are not the page's work.
    if (own.some((e) => within(e) && e.args?.chrome_mojo_event_info?.mojo_interface_tag?.startsWith('blink.mojom.DevTools'))) continue;
    // What DevTools' timeline names in a task (a script's call, style, layout, paint, a collection).
    const inside = own.filter((e) => e.cat.split(',').includes('devtools.timeline') && within(e));
    const work = inside
      .sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0))
      .slice(0, 8)
      .map((e) => `${e.name}${e.args?.data?.functionName ? ` ${e.args.data.functionName}` : ''} (${ms(e.tdur)} of ${ms(e.dur)} ms)`);
    long.push({ cpu: ms(task.tdur), wall: ms(task.dur), work });
  }
  return long;
}

/** The main thread of the process that renders the page's top frame. */
function pageMainThread(events: TraceEvent[]): { pid: number; tid: number } {
  const started = events.find((e) => e.name === 'TracingStartedInBrowser');
  const pid = started?.args?.data?.frames?.find((f) => f.isOutermostMainFrame)?.processId;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error("the trace does not name the page's main thread");
  return { pid: main.pid, tid: main.tid };
}
