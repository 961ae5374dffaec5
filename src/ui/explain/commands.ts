// What the explain views do on a click: choose a cell or a channel, and put a test digit on the pad
// with the inside view open on it.
import { showTestDigit } from '../drawing/predict';
import { updateExplain, useInkling } from '../core/store';

export function chooseCell(truth: number, predicted: number): void {
  const cell = useInkling.getState().explain.cell;
  updateExplain({ cell: cell?.truth === truth && cell.predicted === predicted ? null : { truth, predicted } });
}

export function chooseChannel(layer: number, channel: number): void {
  const chosen = useInkling.getState().explain.channel;
  updateExplain({ channel: chosen?.layer === layer && chosen.channel === channel ? null : { layer, channel } });
}

/** The digit goes on the pad, and the inside view opens on it: why the model reads it so. */
export function inspectTestDigit(pixels: Uint8Array): void {
  showTestDigit(pixels);
  updateExplain({ insideRequests: useInkling.getState().explain.insideRequests + 1 });
}
