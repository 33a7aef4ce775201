export {
  runContractSuite,
  contractSuiteOptionsSchema,
  DEFAULT_TIME_BUDGET_MS,
} from './runContractSuite';
export type { ContractSuiteOptions } from './runContractSuite';
export { contractReportSchema, reportToFacts } from './report';
export type { ContractReport, ConnectorFacts } from './report';
export { ContractTestError, ContractTestSkip } from './ContractTestError';
