/**
 * Loads one topology for an operational command (render, deploy, verify, failover-test): parse, validate,
 * refuse when it has errors (printing them), and lower it to the model.
 */
import { pathToFileURL } from 'node:url';
import type { TopologyModel } from '../model/topology-model.js';
import { ioError, type CliIo, type CommandResult } from './cli-command.js';
import { countSeverities, sortDiagnostics, toReportedDiagnostic, type FileReport } from './cli-diagnostics.js';
import { formatText } from './diagnostic-formats.js';
import { loadTopologyFiles } from './cli-workspace.js';
import { ExitCode, done } from './cli-command.js';

export interface LoadedTopology {
    readonly model: TopologyModel;
    readonly displayPath: string;
    readonly absolutePath: string;
}

/** The model, or the result to return: I/O error (exit 2) or a topology with errors (exit 1). */
export async function loadTopologyModel(path: string, cwd: string, io: CliIo): Promise<LoadedTopology | CommandResult> {
    const loaded = await loadTopologyFiles([path], { cwd });
    if (!loaded.ok) {
        return ioError(loaded.failures.map((failure) => failure.message));
    }
    const [file] = loaded.files;
    const report: FileReport = {
        path: file.displayPath,
        uri: pathToFileURL(file.absolutePath).href,
        diagnostics: sortDiagnostics((file.document.diagnostics ?? []).map(toReportedDiagnostic))
    };
    if (countSeverities([report]).error > 0) {
        io.stderr(`${file.displayPath} has errors; nothing was done.\n`);
        io.stderr(formatText([{ ...report, diagnostics: report.diagnostics.filter((d) => d.severity === 'error') }]));
        return done(ExitCode.Findings);
    }
    return {
        model: loaded.services.topology.TopologyCache.get(file.document.parseResult.value),
        displayPath: file.displayPath,
        absolutePath: file.absolutePath
    };
}

export function isLoaded(value: LoadedTopology | CommandResult): value is LoadedTopology {
    return 'model' in value;
}
