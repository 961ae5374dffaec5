// The file a user exports and imports: the saved-model manifest with its float32 data inline
// as base64, so one JSON file carries a whole model. Parsing names what is wrong with a file.

export interface ModelFileContents {
  manifest: unknown;
  data: ArrayBuffer;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function modelFileText({ manifest, data }: ModelFileContents): string {
  return JSON.stringify({ ...(manifest as object), data: toBase64(new Uint8Array(data)) });
}

export function parseModelFile(text: string, fileName: string): ModelFileContents {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${fileName} is not an Inkling model file (it is not JSON)`);
  }
  if (!parsed || typeof parsed !== 'object' || typeof (parsed as { data?: unknown }).data !== 'string') {
    throw new Error(`${fileName} is not an Inkling model file (no "data" field with the weights)`);
  }
  const { data, ...manifest } = parsed as { data: string };
  let binary: string;
  try {
    binary = atob(data);
  } catch {
    throw new Error(`${fileName}: the weights are not valid base64`);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return { manifest, data: bytes.buffer };
}
