/**
 * The three output formats of `bgptopo validate`, as pure functions from file reports to text:
 * - text: `path:line:col: severity code: message` (1-based) and a summary line, for people and editors;
 * - json: `{"files":[{"path","diagnostics":[{code,severity,message,range}]}]}` with LSP (0-based) ranges;
 * - sarif: a SARIF 2.1.0 log with one run, for code-scanning tools.
 */
import { countSeverities, type FileReport, type ReportedSeverity } from './cli-diagnostics.js';
import { DIAGNOSTIC_RULE_DESCRIPTIONS, describeDiagnosticCode } from './diagnostic-rules.js';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function isOutputFormat(value: string): value is OutputFormat {
    return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

export function formatDiagnostics(format: OutputFormat, files: readonly FileReport[], context: SarifContext): string {
    switch (format) {
        case 'text':
            return formatText(files);
        case 'json':
            return formatJson(files);
        case 'sarif':
            return formatSarif(files, context);
    }
}

// ---------------------------------------------------------------- text

export function formatText(files: readonly FileReport[]): string {
    const lines: string[] = [];
    for (const file of files) {
        for (const d of file.diagnostics) {
            // One line per diagnostic, so the output stays grep-able; parser messages can span lines.
            const message = d.message.replace(/\s*\r?\n\s*/g, ' ').trim();
            lines.push(`${file.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${message}`);
        }
    }
    lines.push(summaryLine(files));
    return lines.join('\n') + '\n';
}

export function summaryLine(files: readonly FileReport[]): string {
    const counts = countSeverities(files);
    const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
    return `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')} in ${plural(files.length, 'file')}`;
}

// ---------------------------------------------------------------- json

export function formatJson(files: readonly FileReport[]): string {
    const document = {
        files: files.map((file) => ({
            path: file.path,
            diagnostics: file.diagnostics.map((d) => ({
                code: d.code,
                severity: d.severity,
                message: d.message,
                range: {
                    start: { line: d.range.start.line, character: d.range.start.character },
                    end: { line: d.range.end.line, character: d.range.end.character }
                }
            }))
        }))
    };
    return JSON.stringify(document, null, 2) + '\n';
}

// ---------------------------------------------------------------- sarif

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifContext {
    /** Version of bgptopo, for `tool.driver.version`. */
    readonly toolVersion: string;
    /** The working directory the relative artifact URIs resolve against, as a `file://` URI ending in `/`. */
    readonly sourceRootUri: string;
}

/** The subset of SARIF 2.1.0 this tool writes. */
export interface SarifLog {
    readonly $schema: string;
    readonly version: '2.1.0';
    readonly runs: readonly SarifRun[];
}

export interface SarifRun {
    readonly tool: { readonly driver: SarifDriver };
    readonly originalUriBaseIds: Readonly<Record<string, { readonly uri: string }>>;
    readonly artifacts: readonly { readonly location: SarifArtifactLocation }[];
    readonly columnKind: 'utf16CodeUnits';
    readonly results: readonly SarifResult[];
}

export interface SarifDriver {
    readonly name: string;
    readonly version: string;
    readonly rules: readonly SarifRule[];
}

export interface SarifRule {
    readonly id: string;
    readonly name: string;
    readonly shortDescription: { readonly text: string };
}

export interface SarifArtifactLocation {
    readonly uri: string;
    /** Set for paths relative to the working directory; absent for absolute `file:` URIs. */
    readonly uriBaseId?: string;
    readonly index?: number;
}

export interface SarifResult {
    readonly ruleId: string;
    readonly ruleIndex: number;
    readonly level: 'error' | 'warning' | 'note';
    readonly message: { readonly text: string };
    readonly locations: readonly {
        readonly physicalLocation: {
            readonly artifactLocation: SarifArtifactLocation;
            readonly region: { readonly startLine: number; readonly startColumn: number; readonly endLine: number; readonly endColumn: number };
        };
    }[];
}

const SOURCE_ROOT = '%SRCROOT%';
const SARIF_LEVEL: Record<ReportedSeverity, SarifResult['level']> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(files: readonly FileReport[], context: SarifContext): string {
    return JSON.stringify(buildSarifLog(files, context), null, 2) + '\n';
}

export function buildSarifLog(files: readonly FileReport[], context: SarifContext): SarifLog {
    // Every code of the language is a rule, in a fixed order; a code outside that list (should one appear) is
    // appended so that every result's ruleIndex points at its rule.
    const ruleIds = Object.keys(DIAGNOSTIC_RULE_DESCRIPTIONS);
    for (const file of files) {
        for (const d of file.diagnostics) {
            if (!ruleIds.includes(d.code)) {
                ruleIds.push(d.code);
            }
        }
    }
    const rules: SarifRule[] = ruleIds.map((id) => ({ id, name: ruleName(id), shortDescription: { text: describeDiagnosticCode(id) } }));
    const artifacts = files.map((file) => ({ location: artifactLocation(file) }));
    const results: SarifResult[] = files.flatMap((file, fileIndex) =>
        file.diagnostics.map((d) => ({
            ruleId: d.code,
            ruleIndex: ruleIds.indexOf(d.code),
            level: SARIF_LEVEL[d.severity],
            message: { text: d.message },
            locations: [
                {
                    physicalLocation: {
                        artifactLocation: { ...artifactLocation(file), index: fileIndex },
                        // SARIF lines and columns are 1-based; endColumn is exclusive, like LSP's end character.
                        region: {
                            startLine: d.range.start.line + 1,
                            startColumn: d.range.start.character + 1,
                            endLine: d.range.end.line + 1,
                            endColumn: d.range.end.character + 1
                        }
                    }
                }
            ]
        }))
    );
    return {
        $schema: SARIF_SCHEMA_URI,
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: 'bgptopo',
                        version: context.toolVersion,
                        rules
                    }
                },
                originalUriBaseIds: { [SOURCE_ROOT]: { uri: context.sourceRootUri } },
                artifacts,
                columnKind: 'utf16CodeUnits',
                results
            }
        ]
    };
}

/** `peer-asn-mismatch` → `PeerAsnMismatch` (SARIF's rule `name` is an identifier-like name). */
function ruleName(code: string): string {
    return code
        .split(/[^A-Za-z0-9]+/)
        .filter((part) => part !== '')
        .map((part) => part[0].toUpperCase() + part.slice(1))
        .join('');
}

/**
 * A file's SARIF location: a path relative to the working directory becomes a URI reference against
 * %SRCROOT%, each segment percent-encoded; a file outside it is named by its absolute `file:` URI.
 */
function artifactLocation(file: FileReport): SarifArtifactLocation {
    if (isAbsolute(file.path)) {
        return { uri: file.uri };
    }
    return { uri: file.path.split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

function isAbsolute(path: string): boolean {
    return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);
}
