/** What every in-host suite run must show (not in editor-build.ts: the editor bench imports that one). */
import { expect } from 'vitest';
import type { IntegrationSuiteResult } from '../editor-harness/run-integration-suite.js';

/** An in-host mocha suite ran, passed every test, exited 0 and sent nothing off the machine. */
export function expectSuitePassed(result: IntegrationSuiteResult): void {
    const log = result.log.join('\n');
    expect(log).toMatch(/\d+ passing/);
    expect(log).not.toMatch(/\d+ failing/);
    expect(result.exitCode).toBe(0);
    expect(result.foreignRequests).toEqual([]);
}
