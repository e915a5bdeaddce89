// NORMALIZE stage, convention: CrewAI's built-in telemetry (scope 'crewai.telemetry': 'Crew Created',
// 'Task Created', 'Task Execution', 'Tool Usage' …). These are product-telemetry markers beside the
// real execution spans (which OpenInference's CrewAI instrumentation emits), so most are events.

import type { ObservationType } from '../types.js';
import type { Convention, ConventionFields } from './convention.js';

export const CREWAI = {
  agentRole: 'agent_role',
  toolName: 'tool_name',
  crewId: 'crew_id',
  taskId: 'task_id',
  version: 'crewai_version',
} as const;

const SCOPE_PREFIX = 'crewai.';
const SPAN_TYPES: Record<string, ObservationType> = { 'Task Execution': 'chain', 'Crew Execution': 'chain' };

export const crewAiConvention: Convention = {
  name: 'crewai',
  isGenAI: true,
  matches: (view) => view.scopeName.startsWith(SCOPE_PREFIX) || view.scopeName === 'crewai',
  extract(view): ConventionFields {
    const crewId = view.string(CREWAI.crewId);
    const taskId = view.string(CREWAI.taskId);
    const version = view.string(CREWAI.version);
    const metadata: Record<string, unknown> = {};
    if (crewId !== null) metadata.crew_id = crewId;
    if (taskId !== null) metadata.task_id = taskId;
    if (version !== null) metadata.crewai_version = version;
    return {
      observationType: SPAN_TYPES[view.span.name] ?? 'event',
      framework: 'crewai',
      agentName: view.string(CREWAI.agentRole),
      toolName: view.string(CREWAI.toolName),
      metadata: Object.keys(metadata).length > 0 ? metadata : null,
    };
  },
};
