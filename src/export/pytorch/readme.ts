// The exported project's README: what the model is, how it was made, and the three commands.
import { historyOf } from '../../model/provenance.ts';
import type { ModelFileMeta } from '../../model/weights-file.ts';
import type { Recipe } from '../recipe.ts';

const percent = (a: number) => `${(a * 100).toFixed(2)}%`;

function stageLine(s: ReturnType<typeof historyOf>[number], i: number): string {
  const test = typeof s.testAccuracy === 'number' && Number.isFinite(s.testAccuracy);
  const images = typeof s.testImages === 'number' ? ` of ${s.testImages.toLocaleString('en')} test images` : '';
  const by = s.trainer ? ` (${s.trainer})` : '';
  return `${i + 1}. \`${s.command}\`${by}: ${s.steps.toLocaleString('en')} steps of ${s.batch}${test ? `, ${percent(s.testAccuracy)}${images}` : ''}`;
}

export function projectReadme(meta: ModelFileMeta, recipe: Recipe): string {
  const history = historyOf(meta.provenance);
  const made = history.length > 0 ? history.map(stageLine).join('\n') : 'No history was recorded with this model.';
  return `# ${meta.spec.name}: an Inkling model as a PyTorch project

\`model.safetensors\` is the model exported from Inkling, with its spec and provenance in the
file's metadata. \`model.py\` builds the network from the spec as an \`nn.Module\` whose
\`state_dict\` has the file's names and layouts; \`train.py\` trains it with the recipe Inkling ran
(\`recipe.json\`: ${recipe.optimizer} at ${recipe.learningRate}, ${recipe.schedule} schedule, batch ${recipe.batchSize},
${recipe.epochs} epoch${recipe.epochs === 1 ? '' : 's'}${recipe.augment ? ', augmented' : ''}) and saves a model file that Inkling imports again.

Needs Python 3 and PyTorch (1.13 or newer), nothing else. \`DATA\` is a folder with MNIST's IDX
files (\`train-images-idx3-ubyte.gz\` and the other three), as Inkling's \`npm run prepare-data\`
leaves them in \`public/data\`.

## How this model was made

${made}

## Commands

Evaluate the exported weights on the 10,000 test digits:

    python3 train.py --data DATA --eval-only

Train on one device (\`--device cpu\` or \`cuda\`; \`--epochs N\` or \`--steps N\`), and save a model file
for Inkling (Import model file):

    python3 train.py --data DATA --epochs 1 --out trained.safetensors

Train on N GPUs of one machine, or on several machines (DistributedDataParallel: nccl on GPUs,
gloo on CPUs; each process takes batch ${recipe.batchSize}, so the global batch is N × ${recipe.batchSize}):

    torchrun --nproc_per_node N train.py --data DATA --device cuda --out trained.safetensors
    torchrun --nnodes M --nproc_per_node N --rdzv_backend c10d --rdzv_endpoint HOST:29500 train.py --data DATA --device cuda --out trained.safetensors

(PyTorch 1.13 under Python 3.11, Debian 12's, needs \`--redirects 2 --tee 2\` after \`--nproc_per_node N\`:
its torchrun cannot read its own default.)

Each ends with one JSON line: \`test_accuracy\`, \`test_loss\`, \`test_images\`, \`steps\`. The saved
file's provenance keeps this model's history and adds the run, with its command.

In Python:

    from model import load
    net, metadata = load("model.safetensors")   # eval mode; input [N, 1, 28, 28], pixel / 255
    logits = net(images)
`;
}
