/**
 * Command-line shell around runIntegrationSuite, for running an extension's in-host suite by hand or from
 * a package script:
 *
 *   npx vite-node test/editor-harness/run-integration-suite-cli.ts -- \
 *     --extension <folder> --tests <suite/index.js> --workspace <folder> [--timeout-ms 120000]
 *
 * Exits with the extension host's exit code (2 on usage errors, 3 on timeout or harness failure).
 */
import { parseArgs } from 'node:util';
import { runIntegrationSuite, SuiteTimeoutError } from './run-integration-suite.js';

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            extension: { type: 'string' },
            tests: { type: 'string' },
            workspace: { type: 'string' },
            'timeout-ms': { type: 'string', default: '120000' }
        },
        allowPositionals: true
    });
    if (!values.extension || !values.tests || !values.workspace) {
        console.error('usage: run-integration-suite-cli --extension DIR --tests FILE --workspace DIR [--timeout-ms N]');
        return 2;
    }
    try {
        const result = await runIntegrationSuite({
            extensionDevelopmentPath: values.extension,
            extensionTestsPath: values.tests,
            workspaceFolder: values.workspace,
            timeoutMs: Number(values['timeout-ms'])
        });
        console.error(`[editor-harness] exit code ${result.exitCode}, timings ${JSON.stringify(result.timings)}`);
        return result.exitCode;
    } catch (error) {
        console.error(error instanceof SuiteTimeoutError ? error.message : error);
        return 3;
    }
}

process.exitCode = await main();
