import { dump, load } from 'js-yaml';
import { expect, it } from 'vitest';
import { PROMETHEUS_CHECKER_PREREQUISITES, checkPrometheusRules } from '../support/checkers/prometheus-checker.js';
import { describeWithTools, fixture } from './checker-fixtures.js';

function asPrometheusRule(rulesYaml: string): string {
    return dump({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: { name: 'bgp-ha', namespace: 'monitoring' },
        spec: load(rulesYaml),
    });
}

describeWithTools('checkPrometheusRules (promtool check rules)', PROMETHEUS_CHECKER_PREREQUISITES, () => {
    it('accepts the known-good rules file', async () => {
        const result = await checkPrometheusRules(fixture('prometheus-rules-good.yaml'));
        expect(result.errors).toEqual([]);
        expect(result.ok).toBe(true);
        expect(result.stdout).toMatch(/SUCCESS: 2 rules found/);
    });

    it('rejects a bad duration (reported first, alone)', async () => {
        const result = await checkPrometheusRules(fixture('prometheus-rules-broken.yaml'));
        expect(result.ok).toBe(false);
        expect(result.exitCode).toBe(1);
        expect(result.errors).toEqual(['rules: not a valid duration string: "2 minutes"']);
    });

    it('rejects a PromQL syntax error with its position', async () => {
        const result = await checkPrometheusRules(fixture('prometheus-rules-broken.yaml').replace('for: 2 minutes', 'for: 2m'));
        expect(result.ok).toBe(false);
        expect(result.errors).toHaveLength(1);
        expect(result.errors[0]).toMatch(/^rules: 5:15: group "bgp-ha", rule 1, "MetalLBBGPSessionDown": could not parse expression: 1:27: parse error/);
    });

    it('checks the spec of PrometheusRule manifests', async () => {
        const good = await checkPrometheusRules(asPrometheusRule(fixture('prometheus-rules-good.yaml')));
        expect(good.errors).toEqual([]);
        const bad = await checkPrometheusRules(
            asPrometheusRule(fixture('prometheus-rules-broken.yaml').replace('for: 2 minutes', 'for: 2m')),
        );
        expect(bad.ok).toBe(false);
        expect(bad.errors[0]).toMatch(/^doc#0: .*"MetalLBBGPSessionDown": could not parse expression/);
    });
});
