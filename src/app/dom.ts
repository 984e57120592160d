/** Looks up the page's fixed elements (index.html), failing loudly when the markup and code disagree. */
export function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from index.html`);
  return el as T;
}

/** `error.message` for Errors, `String(error)` otherwise: what the page shows for an unexpected failure. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
