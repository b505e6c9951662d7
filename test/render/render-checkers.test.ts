/**
 * Every rendered file of both fixed examples and the focused topologies goes through its real consumer:
 * vtysh --dryrun + bgpd -C + frr-reload.py --test, keepalived -t (in a netns with the config's interfaces),
 * haproxy -c, wg setconf (parse), promtool check rules, and the CRD/core schemas with unknown fields
 * rejected. Outside CI a missing tool skips the kind with a reason (see toolGate).
 */
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
    checkFrrConfig,
    checkHaproxyConfig,
    checkKeepalivedConfig,
    checkManifest,
    checkPrometheusRules,
    checkWireguardConfig,
    DEFAULT_CRD_DIR,
    FRR_CHECKER_PREREQUISITES,
    HAPROXY_CHECKER_PREREQUISITES,
    KEEPALIVED_CHECKER_PREREQUISITES,
    PROMETHEUS_CHECKER_PREREQUISITES,
    toolGate,
    WIREGUARD_CHECKER_PREREQUISITES,
    type CheckResult
} from '../support/checkers/index.js';
import type { RenderKind } from '../../src/render/render-types.js';
import { label, renderCorpus, type CorpusFile } from './render-corpus.js';

const corpus = await renderCorpus();

/** The CRDs in schemas/crds. */
const crdDir = mkdtempSync(join(tmpdir(), 'bgptopo-render-crds-'));
for (const dir of [DEFAULT_CRD_DIR]) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
        try {
            symlinkSync(join(dir, file), join(crdDir, file));
        } catch {
            // the same file in both folders: schemas/crds wins
        }
    }
}
afterAll(() => rmSync(crdDir, { recursive: true, force: true }));

function filesOf(...kinds: RenderKind[]): [string, CorpusFile][] {
    return corpus.filter((file) => kinds.includes(file.kind)).map((file) => [label(file), file]);
}

function expectAccepted(result: CheckResult): void {
    expect(result.errors, `${result.tool}\n${result.stderr}`).toEqual([]);
    expect(result.ok).toBe(true);
}

test('the corpus holds every kind of file', () => {
    const kinds = new Set(corpus.map((file) => file.kind));
    expect([...kinds].sort()).toEqual(
        ['alerts', 'calico', 'cilium', 'frr', 'frr-daemons', 'haproxy', 'keepalived', 'kube-vip', 'metallb', 'nodes', 'wireguard'].sort()
    );
});

describe.skipIf(toolGate(FRR_CHECKER_PREREQUISITES).skip)('FRR: vtysh --dryrun, bgpd -C, frr-reload.py --test', () => {
    test.each(filesOf('frr'))('%s', async (_name, file) => {
        expectAccepted(await checkFrrConfig(file.content));
    });
});

describe.skipIf(toolGate(KEEPALIVED_CHECKER_PREREQUISITES).skip)('keepalived -t in a netns', () => {
    test.each(filesOf('keepalived'))('%s', async (_name, file) => {
        const interfaces = [...file.content.matchAll(/^\s*interface (\S+)$/gm)].map((m) => m[1]);
        expect(interfaces.length).toBeGreaterThan(0);
        expectAccepted(await checkKeepalivedConfig(file.content, interfaces));
    });
});

describe.skipIf(toolGate(HAPROXY_CHECKER_PREREQUISITES).skip)('haproxy -c -dW', () => {
    test.each(filesOf('haproxy'))('%s', async (_name, file) => {
        expectAccepted(await checkHaproxyConfig(file.content));
    });
});

describe.skipIf(toolGate(WIREGUARD_CHECKER_PREREQUISITES).skip)('wg setconf parse', () => {
    test.each(filesOf('wireguard'))('%s', async (_name, file) => {
        expectAccepted(await checkWireguardConfig(file.content));
    });
});

describe.skipIf(toolGate(PROMETHEUS_CHECKER_PREREQUISITES).skip)('promtool check rules (spec of each PrometheusRule)', () => {
    test.each(filesOf('alerts'))('%s', async (_name, file) => {
        const result = await checkPrometheusRules(file.content);
        expectAccepted(result);
        expect(result.warnings).toEqual([]);
        expect(result.stdout).toMatch(/SUCCESS: \d+ rules found/);
    });
});

describe('Kubernetes manifests against the CRD schemas (unknown fields rejected) and the core Pod schema', () => {
    test.each(filesOf('kube-vip', 'nodes', 'metallb', 'cilium', 'calico', 'alerts'))('%s', async (_name, file) => {
        const result = await checkManifest(file.content, crdDir);
        expectAccepted(result);
        expect(result.warnings).toEqual([]);
    });
});
