import { useEffect, useRef, type PointerEvent as ReactPointerEvent } from 'react';
import { inkFromRgba } from '../../data/preprocess';
import { useColorScheme } from '../shared/use-color-scheme';
import { drawingCleared, inkChanged, onTestDigit, strokeEnded, type InkReader } from './predict';
import { onContextRestored } from '../shared/context-restored';

// The pad's own resolution, whatever its size on screen. MNIST strokes are about a tenth of the
// digit's height, so a digit drawn across most of the pad wants a pen about this wide.
const PAD_PIXELS = 280;
const PEN_WIDTH = 22;

function padPoint(canvas: HTMLCanvasElement, event: PointerEvent): { x: number; y: number } {
  const rect = canvas.getBoundingClientRect();
  return {
    x: ((event.clientX - rect.left) * PAD_PIXELS) / rect.width,
    y: ((event.clientY - rect.top) * PAD_PIXELS) / rect.height,
  };
}

/** The pen in the theme's ink colour, and what is drawn recoloured to it, keeping its alpha. */
function setPen(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D): void {
  const ink = getComputedStyle(canvas).color;
  ctx.globalCompositeOperation = 'source-in';
  ctx.fillStyle = ink;
  ctx.fillRect(0, 0, PAD_PIXELS, PAD_PIXELS);
  ctx.globalCompositeOperation = 'source-over';
  ctx.strokeStyle = ink;
  ctx.lineWidth = PEN_WIDTH;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
}

export function DrawPad() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const pointerId = useRef<number | null>(null);
  const scheme = useColorScheme();

  const context = (): CanvasRenderingContext2D | null => canvasRef.current?.getContext('2d', { willReadFrequently: true }) ?? null;

  // The last ink read: what the pad puts back if the browser drops its pixels.
  const lastImage = useRef<ImageData | null>(null);

  const readInk: InkReader = () => {
    const ctx = context();
    if (!ctx) return { ink: new Uint8ClampedArray(PAD_PIXELS * PAD_PIXELS), width: PAD_PIXELS, height: PAD_PIXELS };
    const image = ctx.getImageData(0, 0, PAD_PIXELS, PAD_PIXELS);
    lastImage.current = image;
    return { ink: inkFromRgba(image.data, 'alpha'), width: PAD_PIXELS, height: PAD_PIXELS };
  };

  // Only the alpha channel is read as ink, so the colour can follow the theme: set once per theme
  // (not per stroke, which would force a style recalculation inside the pointer event).
  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = context();
    if (canvas && ctx) setPen(canvas, ctx);
  }, [scheme]);

  // A crashed GPU process takes the canvas's context with it: Chromium restores it blank and with
  // the default pen (1 px, butt caps, black), which drew hairlines the model misread. Put back the
  // pixels and the pen.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    return onContextRestored(canvas, () => {
      const ctx = context();
      if (!ctx) return;
      if (lastImage.current) ctx.putImageData(lastImage.current, 0, 0);
      setPen(canvas, ctx);
    });
  }, []);

  // A test digit put on the pad (the mistakes browser, a channel's top digits) is painted as ink,
  // each of its pixels a square of the pad, so the user can draw on over it.
  useEffect(() => {
    onTestDigit((pixels) => {
      const ctx = context();
      if (!ctx) return;
      const side = Math.sqrt(pixels.length);
      const cell = PAD_PIXELS / side;
      const image = ctx.createImageData(PAD_PIXELS, PAD_PIXELS);
      const ink = getComputedStyle(ctx.canvas).color.match(/\d+/g)?.map(Number) ?? [0, 0, 0];
      for (let y = 0; y < PAD_PIXELS; y++) {
        for (let x = 0; x < PAD_PIXELS; x++) {
          const at = (y * PAD_PIXELS + x) * 4;
          image.data.set([ink[0], ink[1], ink[2], pixels[Math.floor(y / cell) * side + Math.floor(x / cell)]], at);
        }
      }
      ctx.putImageData(image, 0, 0);
      lastImage.current = image;
    });
    return () => onTestDigit(null);
  }, []);

  const onPointerDown = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    if (pointerId.current !== null || (event.pointerType === 'mouse' && event.button !== 0)) return;
    const canvas = event.currentTarget;
    const ctx = context();
    if (!ctx) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    pointerId.current = event.pointerId;
    const p = padPoint(canvas, event.nativeEvent);
    ctx.beginPath();
    ctx.arc(p.x, p.y, PEN_WIDTH / 2, 0, Math.PI * 2);
    ctx.fill();
    last.current = p;
    inkChanged(readInk);
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    if (event.pointerId !== pointerId.current || !last.current) return;
    const canvas = event.currentTarget;
    const ctx = context();
    if (!ctx) return;
    // Coalesced events keep fast strokes smooth where the browser batches pointer moves.
    const native = event.nativeEvent;
    const moves = typeof native.getCoalescedEvents === 'function' ? native.getCoalescedEvents() : [];
    ctx.beginPath();
    ctx.moveTo(last.current.x, last.current.y);
    for (const move of moves.length > 0 ? moves : [native]) {
      const p = padPoint(canvas, move);
      ctx.lineTo(p.x, p.y);
      last.current = p;
    }
    ctx.stroke();
    inkChanged(readInk);
  };

  const onPointerEnd = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    if (event.pointerId !== pointerId.current) return;
    pointerId.current = null;
    last.current = null;
    strokeEnded(readInk);
  };

  const clear = () => {
    context()?.clearRect(0, 0, PAD_PIXELS, PAD_PIXELS);
    lastImage.current = null;
    drawingCleared();
  };

  return (
    <div className="pad-wrap">
      <canvas
        ref={canvasRef}
        className="draw-pad"
        data-testid="draw-pad"
        width={PAD_PIXELS}
        height={PAD_PIXELS}
        aria-label="Drawing pad: draw a digit from 0 to 9"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerEnd}
        onPointerCancel={onPointerEnd}
        onContextMenu={(e) => e.preventDefault()}
      />
      <button type="button" className="secondary" data-testid="clear-pad" onClick={clear}>
        Clear
      </button>
    </div>
  );
}
