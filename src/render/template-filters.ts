/**
 * Defence in depth for the text templates: every value a template writes goes through the filter of the
 * file's format (`{{ name | keepalived }}`, `{{ description | frr("text") }}`), which returns it unchanged
 * or REFUSES it (never strips): a line break in any form, a NUL or other control character, or a
 * character the format reads as structure (a keepalived brace or comment, an HAProxy quote, a shell
 * metacharacter, …). Validation refuses such values first, with a located diagnostic; a value that got
 * past it (a model built another way, a custom template) fails the render loudly instead of changing the
 * file's structure. YAML is never written by a template: manifests are objects dumped with js-yaml.
 *
 * Modes: `word` (the default: one token, no whitespace), `text` (the rest of a line, spaces allowed),
 * `quoted` (inside a keepalived "…" string), `comment` (inside a comment line; non-ASCII allowed).
 */
import { CONTROL_CHARACTER, describeCharacter, describeValue } from '../model/value-syntax.js';
import { RenderError } from './render-types.js';

export const TEMPLATE_FORMATS = ['frr', 'keepalived', 'haproxy', 'wireguard', 'shell'] as const;
export type TemplateFormat = (typeof TEMPLATE_FORMATS)[number];
export type ValueMode = 'word' | 'text' | 'quoted' | 'comment';

/** What a mode refuses besides control characters (refused everywhere). */
interface ModeRule {
    /** Whitespace separates words: a word may not hold any. */
    readonly whitespace: boolean;
    /** Only ASCII: a value in an identifier or address position. */
    readonly asciiOnly: boolean;
    /** ASCII characters the format reads as structure. */
    readonly structural: string;
}

const word = (structural = ''): ModeRule => ({ whitespace: true, asciiOnly: true, structural });
const COMMENT: ModeRule = { whitespace: false, asciiOnly: false, structural: '' };

const RULES: Record<TemplateFormat, Partial<Record<ValueMode, ModeRule>>> = {
    // One command per line, words split at whitespace; '!' and '#' lines are comments.
    frr: { word: word(), text: { whitespace: false, asciiOnly: true, structural: '' }, comment: COMMENT },
    // Words split at whitespace; braces are block tokens; '!' and '#' start comments; '"' quotes and '\'
    // escapes; '$' substitutes a definition; '@' and '~' prefix conditional and sequence lines.
    keepalived: { word: word('{}"\'!#$\\~@'), quoted: { whitespace: false, asciiOnly: true, structural: '"!#$\\' }, comment: COMMENT },
    // Words split at whitespace; '#' starts a comment; quotes, '\' and '$' (environment) are parsed.
    haproxy: { word: word('#"\'\\$'), comment: COMMENT },
    // wg-quick's INI: `Key = Value` lines, '#' starts a comment anywhere, '[' opens a section.
    wireguard: { word: word('#'), text: { whitespace: false, asciiOnly: true, structural: '#' }, comment: COMMENT },
    // POSIX sh (/etc/frr/daemons is sourced, wg-quick runs PostUp with bash): every metacharacter, and '%'
    // (wg-quick's own substitution in hooks).
    shell: { word: word('`~!#$%^&*()[]{}|\\;\'"<>?'), comment: COMMENT }
};

function refusedCharacter(rule: ModeRule, character: string): boolean {
    return (
        CONTROL_CHARACTER.test(character) ||
        (rule.whitespace && /\s/u.test(character)) ||
        (rule.asciiOnly && character.codePointAt(0)! > 0x7e) ||
        rule.structural.includes(character)
    );
}

/** What a filter refused, for the error the renderer raises once nunjucks has unwound. */
export interface RefusedValue {
    readonly format: TemplateFormat;
    readonly value: string;
    readonly reason: string;
}

/** A value that would change the structure of a rendered file; names the value, the file, its line and the template. */
export class UnsafeValueError extends RenderError {
    constructor(
        readonly refused: RefusedValue,
        readonly file: string,
        readonly template: string,
        /** 1-based line of the rendered file the value was refused on, when the template wrote it out. */
        readonly line: number | undefined
    ) {
        super(`refusing ${describeValue(refused.value)} in ${file}${line ? ` line ${line}` : ''} (template ${template}): ${refused.reason}`);
        this.name = 'UnsafeValueError';
    }
}

/**
 * The value as it may be written into a file of `format` in `mode`, or a {@link RefusedValue}. Numbers are
 * written as they print; anything that is not a string or a finite number is refused.
 */
export function checkTemplateValue(format: TemplateFormat, mode: ValueMode, value: unknown): string | RefusedValue {
    const rule = RULES[format][mode];
    const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
    if (typeof text !== 'string') {
        return { format, value: String(value), reason: `a ${format} value must be a string or a number, not ${value === null ? 'null' : typeof value}` };
    }
    if (!rule) {
        return { format, value: text, reason: `the ${format} filter has no mode "${mode}" (use ${Object.keys(RULES[format]).join(', ')})` };
    }
    if (mode !== 'comment' && text === '') {
        return { format, value: text, reason: `an empty ${format} ${mode} would shift the words of its line` };
    }
    for (const character of text) {
        if (refusedCharacter(rule, character)) {
            return { format, value: text, reason: `${describeCharacter(character)} would change the structure of a ${format} file (${mode})` };
        }
    }
    if (format === 'shell' && mode === 'word' && text.startsWith('-')) {
        return { format, value: text, reason: 'a leading "-" would read as an option in a shell command' };
    }
    return text;
}

interface FilterHost {
    addFilter(name: string, filter: (value: unknown, mode?: ValueMode) => string): unknown;
}

/** What a filter writes in place of a refused value: a NUL-delimited mark no filter lets through. */
export function refusalMark(index: number): string {
    return `\u0000bgptopo-refused-${index}\u0000`;
}

/**
 * Registers one filter per format on a nunjucks environment. A refused value is handed to `onRefuse`, which
 * returns its index; the filter writes {@link refusalMark} in its place, so the caller can name the line of
 * the rendered file and refuse the whole file (nunjucks does not report the line of an error in a filter).
 */
export function registerFormatFilters(env: FilterHost, onRefuse: (refused: RefusedValue) => number): void {
    for (const format of TEMPLATE_FORMATS) {
        env.addFilter(format, (value: unknown, mode: ValueMode = 'word') => {
            const checked = checkTemplateValue(format, mode, value);
            return typeof checked === 'string' ? checked : refusalMark(onRefuse(checked));
        });
    }
}

/** The error for the first refusal of a render, located by its mark in the output (when the template wrote it). */
export function refusalError(refusals: readonly RefusedValue[], output: string | undefined, file: string, template: string): UnsafeValueError {
    const at = output?.indexOf(refusalMark(0)) ?? -1;
    const line = at >= 0 ? output!.slice(0, at).split('\n').length : undefined;
    return new UnsafeValueError(refusals[0], file, template, line);
}
