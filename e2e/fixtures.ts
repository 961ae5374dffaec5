import { test as base } from '@playwright/test';
import { AppStatus } from './regions/app-status';
import { BuilderRegion } from './regions/builder-region';
import { DrawRegion } from './regions/draw-region';
import { ExplainRegion } from './regions/explain-region';
import { InsideRegion } from './regions/inside-region';
import { PersonalRegion } from './regions/personal-region';
import { SavedModelsRegion } from './regions/saved-models-region';
import { TrainRegion } from './regions/train-region';

interface Regions {
  status: AppStatus;
  draw: DrawRegion;
  inside: InsideRegion;
  train: TrainRegion;
  builder: BuilderRegion;
  saved: SavedModelsRegion;
  personal: PersonalRegion;
  explain: ExplainRegion;
}

/** One page object per region of the app, on a page that has already opened Inkling. */
export const test = base.extend<Regions>({
  status: async ({ page }, use) => {
    await use(new AppStatus(page));
  },
  draw: async ({ page }, use) => {
    await use(new DrawRegion(page));
  },
  inside: async ({ page }, use) => {
    await use(new InsideRegion(page));
  },
  train: async ({ page }, use) => {
    await use(new TrainRegion(page));
  },
  builder: async ({ page }, use) => {
    await use(new BuilderRegion(page));
  },
  saved: async ({ page }, use) => {
    await use(new SavedModelsRegion(page));
  },
  personal: async ({ page }, use) => {
    await use(new PersonalRegion(page));
  },
  explain: async ({ page }, use) => {
    await use(new ExplainRegion(page));
  },
});

export { expect } from '@playwright/test';
