// Public surface of the rules stage (what the pipeline, `serve` and the CLI use).

export { createRuleEngine, type EngineSummary, type RuleEngine, type RuleEngineOptions, type RuleSummary } from './engine.js';
export { RuleExecutor, type ClockMode, type ExecutorOptions } from './executor.js';
export { startRuleService, type RuleService, type RuleServiceOptions } from './service.js';
export { checkCorpus, findRule, loadRules, parseRuleText, ruleFiles, shippedRulesDir, type CorpusOptions, type RuleLoadResult } from './loader.js';
export { KNOWN_JOB_IDS, canonicalJobId } from './known-jobs.js';
export type { LoadedRule, MlRule, QueryRule, Rule, RuleFile, RuleMetadata, RuleThreat } from './schema.js';
export { InMemoryAnomalySource, compareRecords, type AnomalyQuery, type AnomalyQueryResult, type AnomalySource } from './anomaly-source.js';
export { recordStoreSource } from './record-store-source.js';
export { eventKeys, RecentEvents, TimeBuffer } from './buffers.js';
export { MemoryRunLog, SqliteRunLog, MemoryRuleState, SqliteRuleState, type RunLog, type RunRecord, type RuleStateStore } from './run-log.js';
export {
  EMPTY_EXCEPTIONS,
  ExceptionMatcher,
  exceptionItemSchema,
  exceptionListSchema,
  type ExceptionEntry,
  type ExceptionItem,
  type ExceptionList,
  type ExceptionSet,
} from './exceptions.js';
export { loadExceptionsFile, parseExceptionsText, type ExceptionLoadResult } from './exception-file.js';
export { ExceptionStore, mergeExceptionSets } from './exception-store.js';
export { importRulesText, ruleFileName, ruleToToml, type ImportResult } from './import.js';
export { compileQueryText, type Predicate } from './query/evaluate.js';
export { parseQuery, QuerySyntaxError, type QueryNode } from './query/parse.js';
export { formatDuration, parseDuration, parseLookback } from './duration.js';
