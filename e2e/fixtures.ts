import { test as base } from '@playwright/test';
import { AppStatus } from './regions/app-status';
import { BuilderRegion } from './regions/builder-region';
import { DrawRegion } from './regions/draw-region';
import { TrainRegion } from './regions/train-region';

interface Regions {
  status: AppStatus;
  draw: DrawRegion;
  train: TrainRegion;
  builder: BuilderRegion;
}

/** One page object per region of the app, on a page that has already opened Inkling. */
export const test = base.extend<Regions>({
  status: async ({ page }, use) => {
    await use(new AppStatus(page));
  },
  draw: async ({ page }, use) => {
    await use(new DrawRegion(page));
  },
  train: async ({ page }, use) => {
    await use(new TrainRegion(page));
  },
  builder: async ({ page }, use) => {
    await use(new BuilderRegion(page));
  },
});

export { expect } from '@playwright/test';
