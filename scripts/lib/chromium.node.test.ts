import { describe, expect, it } from 'vitest';
import { CHROMIUM_PLACES, findChromium, NO_CHROMIUM, type ChromiumSearchInputs } from '../../chromium.ts';

const PLAYWRIGHT = '/home/me/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';

/** A machine holding exactly `files`, with Playwright's browser at PLAYWRIGHT (downloaded or not). */
function machine(files: string[], env?: string): ChromiumSearchInputs {
  const set = new Set(files);
  return { env, exists: (p) => set.has(p), playwrightPath: () => PLAYWRIGHT };
}

describe('findChromium', () => {
  it('takes CHROMIUM_PATH when it exists, ahead of every usual place', () => {
    expect(findChromium(machine(['/usr/bin/chromium', '/opt/chrome'], '/opt/chrome'))).toEqual({ path: '/opt/chrome' });
  });
  it('names a CHROMIUM_PATH that does not exist, rather than quietly launching another browser', () => {
    const s = findChromium(machine(['/usr/bin/chromium'], '/nonexistent'));
    expect('problem' in s && s.problem).toMatch(/^CHROMIUM_PATH=\/nonexistent: no such file/);
  });
  it('treats an empty CHROMIUM_PATH as unset', () => {
    expect(findChromium(machine(['/usr/bin/chromium'], ''))).toEqual({ path: '/usr/bin/chromium' });
  });
  it('tries the usual places in order', () => {
    for (const [i, place] of CHROMIUM_PLACES.entries()) {
      // This place and every later one exist: the search must stop at this one.
      expect(findChromium(machine([...CHROMIUM_PLACES.slice(i), PLAYWRIGHT]))).toEqual({ path: place });
    }
    expect(findChromium(machine(['/usr/bin/google-chrome-stable', '/usr/bin/chromium-browser']))).toEqual({ path: '/usr/bin/chromium-browser' });
  });
  it("falls back to Playwright's own browser only when it is downloaded", () => {
    expect(findChromium(machine([PLAYWRIGHT]))).toEqual({ path: PLAYWRIGHT });
    expect(findChromium(machine([]))).toEqual({ problem: NO_CHROMIUM });
  });
  it('says in one line what to install and how to point at it when there is none', () => {
    const broken: ChromiumSearchInputs = {
      env: undefined,
      exists: () => false,
      playwrightPath: () => {
        throw new Error('unsupported platform');
      },
    };
    const s = findChromium(broken);
    expect(s).toEqual({ problem: NO_CHROMIUM });
    expect(NO_CHROMIUM).not.toContain('\n');
    expect(NO_CHROMIUM).toMatch(/apt-get install chromium/);
    expect(NO_CHROMIUM).toMatch(/CHROMIUM_PATH=/);
  });
});
