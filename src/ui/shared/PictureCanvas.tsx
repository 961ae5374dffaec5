import { useEffect, useRef } from 'react';
import type { Picture } from './picture';
import { onContextRestored } from './context-restored';

interface PictureCanvasProps {
  picture: Picture;
  label: string;
  className?: string;
}

/** A picture drawn pixel for pixel; CSS scales it with crisp edges. */
export function PictureCanvas({ picture, label, className }: PictureCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const paint = () => canvas.getContext('2d')?.putImageData(new ImageData(picture.rgba, picture.width, picture.height), 0, 0);
    paint();
    return onContextRestored(canvas, paint);
  }, [picture]);
  return <canvas ref={ref} className={`picture ${className ?? ''}`} width={picture.width} height={picture.height} role="img" aria-label={label} />;
}
