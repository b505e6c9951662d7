/**
 * Judges a verify plan (verify-plan.ts) against the probes' answers: each check's rule names the host
 * outputs it reads and what they must show; the rule's own check kind (verify-check-*.ts) judges it. Pure:
 * the answers come from a lookup, so every rule is unit-tested against captured command output. A needed
 * answer that is missing makes the check `unknown`.
 */
import { apiVipConnect } from './verify-check-api-vip.js';
import { bfdSession } from './verify-check-bfd.js';
import { routeAttributes } from './verify-check-announce.js';
import { receivedPrefixes, sessionHealth } from './verify-check-bgp.js';
import { calicoNodeAsn } from './verify-check-calico.js';
import { nodeLabels } from './verify-check-node-labels.js';
import { refusedRoutes } from './verify-check-refused.js';
import { carriedFamily } from './verify-check-bgp-family.js';
import { firstLine, UnknownAnswer, type EvaluationContext, type ProbeLookup } from './verify-check-context.js';
import { gracefulRestart } from './verify-check-graceful-restart.js';
import { haproxyBackend } from './verify-check-haproxy.js';
import { vipHolders, vipRoute } from './verify-check-vip.js';
import { upstreamRoutes } from './verify-check-upstream-routes.js';
import { wireguardHandshakes } from './verify-check-wireguard.js';
import type { Evaluation } from './verify-frr.js';
import type { CheckRule, PlannedCheck } from './verify-plan.js';
import type { VerifyCheck } from './verify-types.js';

export type { ProbeAnswer, ProbeLookup } from './verify-check-context.js';

export function evaluatePlan(plan: { readonly checks: readonly PlannedCheck[] }, lookup: ProbeLookup): VerifyCheck[] {
    const caches = new Map<(stdout: string) => unknown, Map<string, { value?: unknown; error?: Error }>>();
    const context: EvaluationContext = {
        answer: lookup,
        parsed<T>(host: string, probeId: string, parse: (stdout: string) => T): T {
            const key = `${host}\u0000${probeId}`;
            const cache = caches.get(parse) ?? new Map<string, { value?: unknown; error?: Error }>();
            caches.set(parse, cache);
            let entry = cache.get(key);
            if (!entry) {
                entry = {};
                const answer = lookup(host, probeId);
                if ('missing' in answer) {
                    entry.error = new UnknownAnswer(answer.missing);
                } else if (answer.output.code !== 0) {
                    entry.error = new UnknownAnswer(`${host}: ${probeId} failed (exit ${answer.output.code}${answer.output.code === 124 ? ', timed out' : ''}): ${firstLine(answer.output.stderr || answer.output.stdout)}`);
                } else {
                    try {
                        entry.value = parse(answer.output.stdout);
                    } catch (error) {
                        entry.error = new UnknownAnswer(`${host}: cannot read ${probeId}: ${(error as Error).message}`);
                    }
                }
                cache.set(key, entry);
            }
            if (entry.error) {
                throw entry.error;
            }
            return entry.value as T;
        }
    };
    return plan.checks.map((check) => {
        let evaluation: Evaluation;
        try {
            evaluation = evaluateRule(check.rule, context);
        } catch (error) {
            if (!(error instanceof UnknownAnswer)) {
                throw error;
            }
            evaluation = { status: 'unknown', message: error.message };
        }
        return {
            id: check.id,
            kind: check.kind,
            subject: check.subject,
            status: evaluation.status,
            message: evaluation.message,
            element: check.location.element,
            line: check.location.line,
            ...(check.location.range ? { range: check.location.range } : {})
        };
    });
}

function evaluateRule(rule: CheckRule, context: EvaluationContext): Evaluation {
    switch (rule.rule) {
        case 'bgp-session':
            return sessionHealth(rule, context);
        case 'bgp-prefixes':
            return receivedPrefixes(rule, context);
        case 'bgp-family':
            return carriedFamily(rule, context);
        case 'bgp-graceful-restart':
            return gracefulRestart(rule, context);
        case 'bfd':
            return bfdSession(rule, context);
        case 'bgp-attributes':
            return routeAttributes(rule, context);
        case 'bgp-refused':
            return refusedRoutes(rule, context);
        case 'vip-holders':
            return vipHolders(rule, context);
        case 'vip-route':
            return vipRoute(rule, context);
        case 'haproxy-backend':
            return haproxyBackend(rule, context);
        case 'api-vip':
            return apiVipConnect(rule, context);
        case 'wireguard-handshake':
            return wireguardHandshakes(rule, context);
        case 'calico-node-asn':
            return calicoNodeAsn(rule, context);
        case 'node-labels':
            return nodeLabels(rule, context);
        case 'upstream-routes':
            return upstreamRoutes(rule, context);
    }
}
