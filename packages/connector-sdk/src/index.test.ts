import * as sdk from './index';

describe('@platform-kit/connector-sdk', () => {
  it('exports the API connectors and the control plane code against', () => {
    const names = [
      'ConnectorBase',
      'HttpClient',
      'ConnectorHttpError',
      'redact',
      'redactUrl',
      'paginateCursor',
      'paginatePages',
      'PaginationError',
      'runContractSuite',
      'contractReportSchema',
      'reportToFacts',
      'ContractTestError',
      'ContractTestSkip',
      'connectorInventorySchema',
      'healthResultSchema',
      'capabilityDeclarationSchema',
      'contractResultSchema',
    ];
    for (const name of names) {
      expect(sdk).toHaveProperty(name);
    }
  });
});
