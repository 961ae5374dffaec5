/** RGBA pixels that a canvas draws one for one (CSS scales them up): see PictureCanvas. */
export interface Picture {
  width: number;
  height: number;
  rgba: Uint8ClampedArray<ArrayBuffer>;
}
