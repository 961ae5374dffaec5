import { useInkling } from '../core/store';
import { AccuracyChart } from '../training/AccuracyChart';
import { ConfusionMatrix } from '../training/ConfusionMatrix';
import { DrawPad } from '../drawing/DrawPad';
import { EmbeddingMap } from '../explain/EmbeddingMap';
import { LayerHistograms } from '../explain/LayerHistograms';
import { FailurePage } from './FailurePage';
import { Header } from './Header';
import { InsideView } from '../inside/InsideView';
import { LoadingBar } from './LoadingBar';
import { MistakesCell } from '../explain/MistakesCell';
import { LossChart } from '../training/LossChart';
import { ModelFile } from '../models/ModelFile';
import { ModelView } from '../drawing/ModelView';
import { NoWebGpu } from './NoWebGpu';
import { Notices } from './Notices';
import { PerClassAccuracy } from '../training/PerClassAccuracy';
import { PersonalSet } from '../personal/PersonalSet';
import { Prediction } from '../drawing/Prediction';
import { RunElsewhere } from '../models/RunElsewhere';
import { ProgressPanel } from '../training/ProgressPanel';
import { SampleGrid } from '../training/SampleGrid';
import { SavedModels } from '../models/SavedModels';
import { SaveStatus } from '../models/SaveStatus';
import { Section } from '../shared/Section';
import { TeachButtons } from '../personal/TeachButtons';
import { TestChart } from '../training/TestChart';
import { TrainControls } from '../training/TrainControls';

export function App() {
  const phase = useInkling((s) => s.engine.phase);
  const failure = useInkling((s) => s.engine.failure);
  if (phase === 'unsupported') return <NoWebGpu />;
  if (phase === 'failed') return <FailurePage message={failure ?? 'Unknown error'} />;
  return (
    <div className="app">
      <Header />
      <LoadingBar />
      <RunElsewhere />
      <Notices />
      <main className="layout">
        <Section
          title="Draw a digit"
          className="draw"
          explanation="Draw one digit, 0 to 9, as large as the pad. The model reads it as you draw, even while it trains."
        >
          <div className="draw-row">
            <DrawPad />
            <div className="draw-side">
              <Prediction />
              <TeachButtons />
              <ModelView />
            </div>
          </div>
          <InsideView />
        </Section>

        <Section
          title="Your handwriting"
          className="personal"
          explanation="The digits you labelled with “That's a …”, kept in this browser. “Learn my handwriting” trains the model in use on them for a few seconds, mixed with MNIST digits so that it keeps what it knew, and shows how well it reads them before and after."
        >
          <PersonalSet />
        </Section>

        <Section
          title="Train"
          className="train"
          explanation="Each step shows the network a batch of handwritten digits, measures how wrong it was (the loss) and nudges every weight to be a little less wrong."
        >
          <TrainControls />
          <ProgressPanel />
          <SaveStatus />
          <ModelFile />
        </Section>

        <Section
          title="Saved models"
          className="saved"
          explanation="Models kept in this browser, with their network, test accuracy and date. Open one to draw with it; the run in progress is kept apart and comes back on reload."
        >
          <SavedModels />
        </Section>

        <Section
          title="Training loss"
          explanation="Cross-entropy on each training batch: lower is better. The pale line is each step, the dark one its moving average."
        >
          <LossChart />
        </Section>

        <Section title="Training accuracy" explanation="The share of each batch the network got right before learning from it.">
          <AccuracyChart />
        </Section>

        <Section
          title="Test set"
          explanation="10 000 digits the network never trains on, checked from time to time. If training loss keeps falling while test loss rises, the network is memorising instead of learning."
        >
          <TestChart />
        </Section>

        <Section title="Test digits" className="samples" explanation="A sample of the test set with the model's answer.">
          <SampleGrid />
        </Section>

        <Section
          title="Where it gets confused"
          className="confusion-section"
          explanation="Accuracy per digit, and which digit is mistaken for which (the confusion matrix). Click a cell to see its digits."
        >
          <PerClassAccuracy />
          <ConfusionMatrix />
          <MistakesCell />
        </Section>

        <Section
          title="How it sees the test set"
          className="embedding-section"
          explanation="Each test digit as the network represents it just before deciding, laid out so that digits it represents alike lie close. Open it to make the map; closed, it costs nothing."
        >
          <EmbeddingMap />
        </Section>

        <Section
          title="How training moves the layers"
          className="histograms-section"
          explanation="For each layer with weights, how its weights and their gradients are spread at each test during training, and how far each test's weights moved since the one before. They are read with each test and kept with the run; closed, nothing is drawn."
        >
          <LayerHistograms />
        </Section>
      </main>
      <footer className="footer">Everything runs in this tab: MNIST is loaded once, and the network trains in WebGPU compute shaders on your GPU.</footer>
    </div>
  );
}
