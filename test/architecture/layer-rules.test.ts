/**
 * The layer directions hold for every source file (see layer-rules.ts), and each rule can fail: fixtures
 * with one violating import each are reported under the rule's name.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkLayers, importsOf, LAYER_RULES, sourcesBelow } from './layer-rules.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('layer rules', () => {
    test('src/ breaks none of them', () => {
        const sources = sourcesBelow(ROOT, 'src');
        expect(sources.size).toBeGreaterThan(100);
        const violations = checkLayers(ROOT, sources);
        expect(violations.map((violation) => violation.message)).toEqual([]);
    });

    // One violating import per rule, in every form an import can take.
    const FIXTURES: ReadonlyArray<readonly [rule: string, file: string, text: string]> = [
        ['model-pure', 'src/model/bad.ts', "import * as vscode from 'vscode';"],
        ['model-pure', 'src/model/bad.ts', "import { readFileSync } from 'node:fs';"],
        ['render-pure', 'src/render/bad.ts', "export { Client } from 'ssh2';"],
        ['render-pure', 'src/render/bad.ts', "const fs = await import('fs');"],
        ['deploy-no-vscode', 'src/deploy/bad.ts', "import type { Uri } from 'vscode';"],
        ['no-cli-imports', 'src/deploy/bad.ts', "import { runCli } from '../cli/cli-program.js';"],
        ['no-extension-imports', 'src/language-server/lsp/bad.ts', "import { readSettings } from '../../extension/settings.js';"],
        ['server-no-deploy', 'src/language-server/bad.ts', "import { planDeploy } from '../deploy/deploy-run.js';"],
        ['model-below-server', 'src/model/bad.ts', "import type { BgptopoServices } from '../language-server/bgptopo-module.js';"],
        ['protocol-plain', 'src/protocol/bad.ts', "import { LanguageClient } from 'vscode-languageclient/node.js';"]
    ];

    test.each(FIXTURES)('%s fails on a violating import in %s', (rule, file, text) => {
        const violations = checkLayers(ROOT, new Map([[file, text]]));
        expect(violations.map((violation) => violation.rule)).toContain(rule);
        expect(violations.find((violation) => violation.rule === rule)?.message).toMatch(new RegExp(`^${rule}: ${file} imports `));
    });

    test('every rule has a fixture that breaks it', () => {
        expect(new Set(FIXTURES.map(([rule]) => rule))).toEqual(new Set(LAYER_RULES.map((rule) => rule.name)));
    });

    test('allowed imports pass: a shell importing the layers below, a layer importing itself', () => {
        const files = new Map([
            ['src/cli/ok.ts', "import { planDeploy } from '../deploy/deploy-run.js';\nimport { readFileSync } from 'node:fs';"],
            ['src/extension/ok.ts', "import * as vscode from 'vscode';\nimport { x } from './commands/command-table.js';"],
            ['src/model/ok.ts', "import type * as ast from '../language/generated/ast.js';\nimport { parseIp } from './ip-address.js';"]
        ]);
        expect(checkLayers(ROOT, files)).toEqual([]);
    });

    test('resolves relative imports to project paths', () => {
        expect(importsOf(ROOT, 'src/model/a.ts', "import x from '../language-server/b.js'; import 'vscode';")).toEqual(['src/language-server/b', 'vscode']);
    });
});
