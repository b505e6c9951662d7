/**
 * Where the CLI writes rendered files inside an output folder: `DIR/<host>/<absolute path on the host>`
 * and `DIR/clusters/<cluster>/<kind>.yaml`. Pure path arithmetic (POSIX separators in the model, the
 * platform's in the result).
 */
import { join } from 'node:path';
import type { RenderedFile } from './render-types.js';

export function outputPath(dir: string, file: RenderedFile): string {
    const segments = file.path.split('/').filter((segment) => segment !== '');
    if (segments.some((segment) => segment === '..' || segment === '.')) {
        throw new Error(`refusing to write outside the output folder: ${file.path}`);
    }
    return file.host !== undefined ? join(dir, file.host, ...segments) : join(dir, ...segments);
}
