// NORMALIZE stage, convention: generic OpenTelemetry context every span may carry, GenAI or not:
// session.id / user.id (also enduser.id), resource deployment.environment(.name), span status → level.
// Lowest precedence, and not a GenAI marker.

import type { Convention, ConventionFields } from './convention.js';

export const OTEL_GENERAL = {
  sessionId: 'session.id',
  userId: 'user.id',
  endUserId: 'enduser.id',
  environmentName: 'deployment.environment.name',
  environment: 'deployment.environment',
} as const;

const STATUS_ERROR = 2;

export const otelGeneralConvention: Convention = {
  name: 'otel-general',
  isGenAI: false,
  matches: () => true,
  extract(view): ConventionFields {
    return {
      sessionId: view.string(OTEL_GENERAL.sessionId),
      userId: view.string(OTEL_GENERAL.userId) ?? view.string(OTEL_GENERAL.endUserId),
      environment:
        view.resourceString(OTEL_GENERAL.environmentName) ??
        view.resourceString(OTEL_GENERAL.environment) ??
        view.string(OTEL_GENERAL.environmentName) ??
        view.string(OTEL_GENERAL.environment),
      level: view.span.status?.code === STATUS_ERROR ? 'ERROR' : null,
    };
  },
};
