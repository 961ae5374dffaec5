/** The text a failure shows: a rejected engine call, a refused link, a clipboard that said no. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return 'Unknown error';
}
