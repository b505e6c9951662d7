/**
 * Template loading and rendering, without I/O: a {@link TemplateLoader} is injected (the CLI and the
 * extension read folders through `fileSystemTemplateLoader`, tests may use {@link memoryTemplateLoader}),
 * and nunjucks renders from it. Templates hold no logic beyond loops and conditionals over view data the
 * renderers prepare.
 */
import nunjucks from 'nunjucks';
import { refusalError, registerFormatFilters, type RefusedValue } from './template-filters.js';

export interface TemplateSource {
    readonly source: string;
    /** Where the template came from (a file path or `memory:NAME`), shown in errors. */
    readonly path: string;
}

export interface TemplateLoader {
    /** The template `name` (e.g. `frr/frr.conf.njk`), or undefined when this loader has none. */
    load(name: string): TemplateSource | undefined;
}

/** A loader over a fixed map of template names to sources. */
export function memoryTemplateLoader(templates: Readonly<Record<string, string>>, label = 'memory'): TemplateLoader {
    return {
        load: (name) => (Object.prototype.hasOwnProperty.call(templates, name) ? { source: templates[name], path: `${label}:${name}` } : undefined)
    };
}

/** The first loader that has a template wins: user folders first, then the built-in templates. */
export function chainTemplateLoaders(loaders: readonly TemplateLoader[]): TemplateLoader {
    return {
        load: (name) => {
            for (const loader of loaders) {
                const found = loader.load(name);
                if (found) {
                    return found;
                }
            }
            return undefined;
        }
    };
}

/** A template that is missing, does not parse, or fails while rendering; names the template and line. */
export class TemplateError extends Error {
    constructor(
        readonly template: string,
        readonly line: number | undefined,
        readonly detail: string,
        readonly templatePath?: string
    ) {
        super(`template ${template}${templatePath && templatePath !== template ? ` (${templatePath})` : ''}${line ? `, line ${line}` : ''}: ${detail}`);
        this.name = 'TemplateError';
    }
}

/** Renders template `name` with `view`; `file` (e.g. `r1:/etc/keepalived/keepalived.conf`) is named in errors. */
export type TemplateRenderer = (name: string, view: object, file?: string) => string;

/**
 * A renderer over `loader`. Compiled templates are cached for the renderer's lifetime (one render run).
 * Undefined view values are errors (`throwOnUndefined`), so a typo in a template cannot silently render
 * an empty string into a config. Every format's filter (template-filters.ts) is registered: a value it
 * refuses fails the render with an `UnsafeValueError` naming the value, the file, its line and the template.
 */
export function createTemplateRenderer(loader: TemplateLoader): TemplateRenderer {
    const paths = new Map<string, string>();
    const nunjucksLoader = {
        getSource(name: string) {
            const found = loader.load(name);
            if (!found) {
                return null; // nunjucks reports "template not found: NAME"
            }
            paths.set(name, found.path);
            return { src: found.source, path: name, noCache: false };
        }
    };
    const env = new nunjucks.Environment(nunjucksLoader as unknown as nunjucks.ILoader, {
        autoescape: false,
        throwOnUndefined: true,
        trimBlocks: true,
        lstripBlocks: true
    });
    let refusals: RefusedValue[] = [];
    registerFormatFilters(env, (refused) => refusals.push(refused) - 1);
    return (name, view, file) => {
        refusals = [];
        let output: string;
        try {
            output = env.render(name, view);
        } catch (error) {
            throw refusals.length > 0 ? refusalError(refusals, undefined, file ?? name, name) : toTemplateError(name, error, paths);
        }
        if (refusals.length > 0) {
            throw refusalError(refusals, output, file ?? name, name);
        }
        return output;
    };
}

const LOCATION = /^\(([^)]*)\)(?: \[Line (\d+)(?:, Column \d+)?\])?\s*/;

function toTemplateError(name: string, error: unknown, paths: Map<string, string>): TemplateError {
    if (error instanceof TemplateError) {
        return error;
    }
    const message = error instanceof Error ? error.message : String(error);
    const notFound = /template not found: (\S+)/.exec(message);
    if (notFound) {
        return new TemplateError(notFound[1], undefined, 'template not found');
    }
    const match = LOCATION.exec(message);
    const template = match && match[1] !== 'unknown path' ? match[1] : name;
    const line = match?.[2] ? Number(match[2]) : undefined;
    const detail = (match ? message.slice(match[0].length) : message)
        .replace(/^Template render error:\s*/, '')
        .replace(/\s+/g, ' ')
        .trim();
    return new TemplateError(template, line, detail, paths.get(template));
}
