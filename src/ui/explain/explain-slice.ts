/** What the explain views are asked to show. */
export interface ExplainSlice {
  /** The confusion-matrix cell whose digits are shown (label `truth` read as `predicted`), or none. */
  cell: { truth: number; predicted: number } | null;
  /** The inside view's chosen channel, whose top test digits are shown (layer index as the graph's). */
  channel: { layer: number; channel: number } | null;
  /** Bumped to open the inside view and bring it into sight (a test digit was put on the pad). */
  insideRequests: number;
}

export const initialExplain: ExplainSlice = { cell: null, channel: null, insideRequests: 0 };
