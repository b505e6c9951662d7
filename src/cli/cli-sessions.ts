/**
 * `bgptopo sessions FILE [--format text|json]`: the derived sessions table (LANGUAGE-V2 §12), one row per BGP
 * session as the router sees it. Refuses a topology with errors (exit 1), as render does.
 */
import { sessionTable, describeRowOptions, type SessionRow } from '../model/index.js';
import { done, ExitCode, usageError, type CliCommand } from './cli-command.js';
import { isCommandResult, oneTopologyFile } from './cli-arguments.js';
import { isLoaded, loadTopologyModel } from './cli-topology.js';

const FORMATS = ['text', 'json'] as const;

export const sessionsCommand: CliCommand = {
    name: 'sessions',
    summary: 'Print the BGP sessions the topology derives (router, addresses, family, ASes, options, accepted prefixes)',
    usage: 'FILE [--format text|json]',
    options: {
        format: { type: 'string', short: 'f', valueName: FORMATS.join('|'), description: 'Output format (default: text)' }
    },
    async run(invocation, io) {
        const format = invocation.values.format ?? 'text';
        if (format !== 'text' && format !== 'json') {
            return usageError(`unknown format '${String(format)}' (expected ${FORMATS.join(', ')})`);
        }
        const file = oneTopologyFile(invocation);
        if (isCommandResult(file)) {
            return file;
        }
        const loaded = await loadTopologyModel(file, invocation.cwd, io);
        if (!isLoaded(loaded)) {
            return loaded;
        }
        const rows = sessionTable(loaded.model);
        io.stdout(format === 'json' ? `${JSON.stringify({ topology: loaded.model.name, sessions: rows }, undefined, 2)}\n` : formatSessionsText(rows));
        return done(ExitCode.Ok);
    }
};

const COLUMNS: ReadonlyArray<readonly [string, (row: SessionRow) => string]> = [
    ['ROUTER', (row) => row.router],
    ['ROUTER-ADDRESS', (row) => `${row.routerAddress ?? '-'}${row.noPath ? ' (no path)' : ''}`],
    ['PEER', (row) => (row.peerKind === 'node' ? `${row.peer} (${row.cluster}/${row.speaker})` : `${row.peer} (${row.peerKind}${row.interface ? ` on ${row.interface}` : ''})`)],
    ['SOURCE', (row) => row.sourceAddress ?? '-'],
    ['FAMILY', (row) => (row.carries.length > 1 ? `${row.family} (${row.carries.join('+')})` : row.family)],
    ['LOCAL-AS', (row) => (row.localAs !== undefined ? String(row.localAs) : '-')],
    ['REMOTE-AS', (row) => (row.remoteAs !== undefined ? String(row.remoteAs) : '-')],
    ['TYPE', (row) => row.type ?? '-'],
    ['OPTIONS', (row) => describeRowOptions(row.options) || '-'],
    ['ACCEPTS', (row) => row.accepts.join(', ') || '-']
];

/** Shown when some row sends more than what routers carry (`announce` on a `neighbor` / `upstream` line). */
const SENDS_COLUMN: readonly [string, (row: SessionRow) => string] = ['SENDS', (row) => row.sends?.join(', ') || '-'];

/** A plain aligned table; `no path` marks a session that cannot come up. */
export function formatSessionsText(rows: readonly SessionRow[]): string {
    if (rows.length === 0) {
        return 'No BGP sessions.\n';
    }
    const columns = rows.some((row) => row.sends !== undefined) ? [...COLUMNS, SENDS_COLUMN] : COLUMNS;
    const cells = rows.map((row) => columns.map(([, cell]) => cell(row)));
    const widths = columns.map(([title], index) => Math.max(title.length, ...cells.map((line) => line[index].length)));
    const line = (values: readonly string[]): string => values.map((value, index) => (index === values.length - 1 ? value : value.padEnd(widths[index]))).join('  ');
    return [line(columns.map(([title]) => title)), ...cells.map(line), `${rows.length} session(s)`, ''].join('\n');
}
