/**
 * The dashboard's URL paths. This file owns how a file's name (an item's `file_name`, which may
 * hold `/`, spaces or any Unicode) becomes a path and back: the whole name is one
 * percent-encoded segment, `/files/<encodeURIComponent(name)>/<kind>`.
 */

/** What the dashboard serves of one file. */
export const FILE_VIEWS = ['report', 'summary', 'logs'] as const;
export type FileView = (typeof FILE_VIEWS)[number];

export const ROUTES = {
  page: '/',
  events: '/events',
  files: '/files/',
  uploads: '/api/uploads/',
  failures: '/api/failures/',
  replaySuffix: '/replay',
} as const;

/** The path of one view of a file. */
export const filePath = (name: string, view: FileView): string =>
  `${ROUTES.files}${encodeURIComponent(name)}/${view}`;

/** The path that uploads `name` (under the upload prefix) with a PUT. */
export const uploadPath = (name: string): string => `${ROUTES.uploads}${encodeURIComponent(name)}`;

/** The path that replays the on-failure record of request `id` with a POST. */
export const replayPath = (id: string): string =>
  `${ROUTES.failures}${encodeURIComponent(id)}${ROUTES.replaySuffix}`;

/** Decodes one percent-encoded segment; undefined when it is not valid (bad escape, bad UTF-8). */
export function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The file name and view of a `/files/...` path, or undefined for any other path. */
export function parseFilePath(path: string): { name: string; view: FileView } | undefined {
  if (!path.startsWith(ROUTES.files)) return undefined;
  const rest = path.slice(ROUTES.files.length);
  const slash = rest.lastIndexOf('/');
  if (slash <= 0) return undefined;
  const view = rest.slice(slash + 1) as FileView;
  if (!FILE_VIEWS.includes(view)) return undefined;
  const name = decodeSegment(rest.slice(0, slash));
  return name === undefined || name === '' ? undefined : { name, view };
}
