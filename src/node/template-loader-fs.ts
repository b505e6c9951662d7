/**
 * The file-system side of template loading, for the CLI, the language server and the extension (the
 * renderers stay pure, so this Node-only part lives outside src/render):
 * a loader over folders, and where the built-in `templates/` folder is at run time.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chainTemplateLoaders, type TemplateLoader } from '../render/template-loader.js';

const PACKAGE_NAME = 'bgptopo';

/** Loads `NAME` as `DIR/NAME` from the first folder that has it; names may not climb out of the folder. */
export function fileSystemTemplateLoader(dirs: readonly string[]): TemplateLoader {
    const roots = dirs.map((dir) => resolve(dir));
    return {
        load: (name) => {
            for (const root of roots) {
                const path = resolve(root, name);
                if (!path.startsWith(root + sep)) {
                    continue;
                }
                if (existsSync(path) && statSync(path).isFile()) {
                    return { source: readFileSync(path, 'utf8'), path };
                }
            }
            return undefined;
        }
    };
}

/**
 * The `templates/` folder shipped with the package: walks up from this module (src/node when run from
 * source, out/<entry>/ when bundled) to the folder whose package.json is named `bgptopo`.
 */
export function builtInTemplateDir(start: string = moduleDir()): string {
    let dir = start;
    for (;;) {
        const manifest = join(dir, 'package.json');
        if (existsSync(manifest) && packageName(manifest) === PACKAGE_NAME && existsSync(join(dir, 'templates'))) {
            return join(dir, 'templates');
        }
        const parent = dirname(dir);
        if (parent === dir) {
            throw new Error(`bgptopo: cannot find the built-in templates/ folder above ${start}`);
        }
        dir = parent;
    }
}

/** User folders (searched first, in order), then the built-in templates. */
export function createTemplateLoader(templateDirs: readonly string[] = []): TemplateLoader {
    return chainTemplateLoaders([fileSystemTemplateLoader(templateDirs), fileSystemTemplateLoader([builtInTemplateDir()])]);
}

function moduleDir(): string {
    return dirname(fileURLToPath(import.meta.url));
}

function packageName(manifest: string): string | undefined {
    try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
    } catch {
        return undefined;
    }
}
