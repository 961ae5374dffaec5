// Reading first on the CPU engine (the no-webgpu project: no GPU adapter), as reading-first.spec.ts
// measures it on the GPU engine. The figure is printed.
import { testReadingFirst } from './first-reading';

testReadingFirst('CPU engine, no GPU adapter');
