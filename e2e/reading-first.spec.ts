// Reading first (src/worker/session/first-reader.ts) on the GPU engine: a digit drawn as soon as
// the pad shows is read while the engine still loads MNIST and builds its training plan. The
// figure is printed; the CPU engine's by reading-first.no-webgpu.spec.ts.
import { testReadingFirst } from './first-reading';

testReadingFirst('GPU engine, WebGPU on SwiftShader');
