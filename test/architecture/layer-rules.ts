/**
 * The layer rules of the README's architecture, checked on the import statements of the sources (static,
 * dynamic and type-only imports and re-exports alike, read with TypeScript's own pre-processor). Each rule
 * names the files it governs and the imports they may not have; a violation names the rule.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface LayerRule {
    readonly name: string;
    /** Why, shown with a violation. */
    readonly comment: string;
    /** The importing files (paths relative to the project root, `/`-separated). */
    readonly from: RegExp;
    /** The forbidden imports: package names as written, project files as root-relative paths. */
    readonly to: RegExp;
    /** Importing files exempt from the rule. */
    readonly except?: RegExp;
}

const NODE_IO = /^(vscode|ssh2|node:fs|fs|node:fs\/promises|fs\/promises)$/;

export const LAYER_RULES: readonly LayerRule[] = [
    { name: 'model-pure', comment: 'src/model is pure: no editor, no SSH, no file system', from: /^src\/model\//, to: NODE_IO },
    { name: 'render-pure', comment: 'src/render is pure (model + templates → {path, content}); file access is in src/node', from: /^src\/render\//, to: NODE_IO },
    { name: 'deploy-no-vscode', comment: 'src/deploy runs in the CLI too: no editor API', from: /^src\/deploy\//, to: /^vscode$/ },
    { name: 'no-cli-imports', comment: 'src/cli is a shell: nothing else imports it', from: /^src\/(?!cli\/)/, to: /^src\/cli\// },
    { name: 'no-extension-imports', comment: 'src/extension is a shell: nothing else imports it', from: /^src\/(?!extension\/)/, to: /^src\/extension\// },
    { name: 'server-no-deploy', comment: 'the language server never deploys or connects anywhere', from: /^src\/language-server\//, to: /^(src\/deploy\/|ssh2$)/ },
    { name: 'model-below-server', comment: 'the model is below the language server and does not reach up into it', from: /^src\/model\//, to: /^src\/(language-server|render|deploy|protocol)\// },
    { name: 'protocol-plain', comment: 'the protocol is shared by server and extension: types and request names only', from: /^src\/protocol\//, to: /^(vscode|vscode-languageclient.*|src\/(language-server|extension|deploy|cli)\/.*)$/ }
];

export interface Violation {
    readonly rule: string;
    readonly file: string;
    readonly imported: string;
    readonly message: string;
}

/** What `file` (root-relative) imports: package names as written, project files as root-relative paths without extension. */
export function importsOf(root: string, file: string, text: string): string[] {
    const { importedFiles } = ts.preProcessFile(text, true, true);
    return importedFiles.map(({ fileName }) => {
        if (!fileName.startsWith('.')) {
            return fileName;
        }
        const absolute = resolve(root, dirname(file), fileName);
        return relative(root, absolute).split(sep).join(posix.sep).replace(/\.(js|ts|cjs|mjs)$/, '');
    });
}

/** The violations of `rules` by the given files (root-relative path → source text). */
export function checkLayers(root: string, files: ReadonlyMap<string, string>, rules: readonly LayerRule[] = LAYER_RULES): Violation[] {
    const violations: Violation[] = [];
    for (const [file, text] of files) {
        for (const imported of importsOf(root, file, text)) {
            for (const rule of rules) {
                if (rule.from.test(file) && !rule.except?.test(file) && rule.to.test(imported)) {
                    violations.push({ rule: rule.name, file, imported, message: `${rule.name}: ${file} imports ${imported} (${rule.comment})` });
                }
            }
        }
    }
    return violations;
}

/** Every TypeScript source below `dir` (root-relative), with its text. */
export function sourcesBelow(root: string, dir: string): Map<string, string> {
    const files = new Map<string, string>();
    const walk = (relativeDir: string): void => {
        for (const entry of readdirSync(join(root, relativeDir), { withFileTypes: true })) {
            const path = posix.join(relativeDir, entry.name);
            if (entry.isDirectory()) {
                walk(path);
            } else if (/\.(ts|tsx|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
                files.set(path, readFileSync(join(root, path), 'utf8'));
            }
        }
    };
    walk(dir);
    return files;
}
