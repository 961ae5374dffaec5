import { useEffect, useRef } from 'react';
import { onContextRestored } from './context-restored';

interface DigitCanvasProps {
  /** 28×28 intensities: bytes 0..255 or floats 0..1. Null draws an empty field. */
  pixels: Uint8Array | Float32Array | null;
  label: string;
  className?: string;
}

const SIDE = 28;

/** Draws a 28×28 image pixel for pixel; CSS scales it up with crisp edges. */
export function DigitCanvas({ pixels, label, className }: DigitCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const image = new ImageData(SIDE, SIDE);
    const scale = pixels instanceof Float32Array ? 255 : 1;
    for (let i = 0; i < SIDE * SIDE; i++) {
      const v = pixels ? Math.max(0, Math.min(255, pixels[i] * scale)) : 0;
      // Light ink on dark, as MNIST is stored.
      image.data[i * 4] = v;
      image.data[i * 4 + 1] = v;
      image.data[i * 4 + 2] = v;
      image.data[i * 4 + 3] = 255;
    }
    const paint = () => canvas.getContext('2d')?.putImageData(image, 0, 0);
    paint();
    return onContextRestored(canvas, paint);
  }, [pixels]);
  return <canvas ref={ref} className={`digit ${className ?? ''}`} width={SIDE} height={SIDE} role="img" aria-label={label} />;
}
