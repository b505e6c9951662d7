/**
 * `bgptopo validate FILE… [--format text|json|sarif]`: every diagnostic the language server would show,
 * for each file. Exit 0 without errors (warnings and infos allowed), 1 with any error.
 */
import { pathToFileURL } from 'node:url';
import { done, ExitCode, ioError, usageError, type CliCommand } from './cli-command.js';
import { countSeverities, sortDiagnostics, toReportedDiagnostic, type FileReport } from './cli-diagnostics.js';
import { formatDiagnostics, isOutputFormat, OUTPUT_FORMATS } from './diagnostic-formats.js';
import { loadTopologyFiles } from './cli-workspace.js';
import { BGPTOPO_VERSION } from './cli-version.js';

export const validateCommand: CliCommand = {
    name: 'validate',
    summary: 'Check .bgptopo files and print their diagnostics',
    usage: 'FILE… [--format text|json|sarif]',
    options: {
        format: { type: 'string', short: 'f', valueName: OUTPUT_FORMATS.join('|'), description: 'Output format (default: text)' }
    },
    async run(invocation, io) {
        const format = invocation.values.format ?? 'text';
        if (typeof format !== 'string' || !isOutputFormat(format)) {
            return usageError(`unknown format '${String(format)}' (expected ${OUTPUT_FORMATS.join(', ')})`);
        }
        if (invocation.positionals.length === 0) {
            return usageError('no file given');
        }

        const loaded = await loadTopologyFiles(invocation.positionals, { cwd: invocation.cwd });
        if (!loaded.ok) {
            return ioError(loaded.failures.map((failure) => failure.message));
        }

        const reports: FileReport[] = loaded.files.map((file) => ({
            path: file.displayPath,
            uri: file.document.uri.toString(),
            diagnostics: sortDiagnostics((file.document.diagnostics ?? []).map(toReportedDiagnostic))
        }));
        io.stdout(
            formatDiagnostics(format, reports, {
                toolVersion: BGPTOPO_VERSION,
                sourceRootUri: pathToFileURL(invocation.cwd.endsWith('/') ? invocation.cwd : invocation.cwd + '/').href
            })
        );
        return done(countSeverities(reports).error > 0 ? ExitCode.Findings : ExitCode.Ok);
    }
};
