import { placeholderPng } from '../../seeds/placeholder-image.js';
import { ORIGIN, type Agent } from './app.js';

export const pngBytes = (rgb: [number, number, number] = [200, 60, 40]) => placeholderPng(8, 8, rgb);

/** POSTs a multipart form (fields + files named `photos`, or `fileField`) like a browser does. */
export function postMultipart(agent: Agent, path: string, fields: Record<string, string | string[]>, files: Array<{ name: string; bytes: Uint8Array; type?: string }> = [], fileField = 'photos') {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) form.append(k, item);
  for (const f of files) form.append(fileField, new File([f.bytes as Uint8Array<ArrayBuffer>], f.name, { type: f.type ?? 'image/png' }));
  return agent.request(path, { method: 'POST', body: form, headers: { Origin: ORIGIN } });
}
