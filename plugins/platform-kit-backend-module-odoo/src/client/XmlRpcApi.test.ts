import { HttpClient } from '@platform-kit/connector-sdk';
import { serializeMethodResponse, XmlRpcValue } from '../xmlrpc';
import { OdooProtocolError } from './errors';
import { Json2Api } from './Json2Api';
import { XmlRpcApi } from './XmlRpcApi';

const credentials = {
  database: 'db',
  login: 'bot',
  apiKey: 'a-key-that-must-not-leak',
};

/** A client whose server answers every call with `answer` (200). */
function clientAnswering(answer: string, contentType = 'text/xml') {
  return new HttpClient({
    baseUrl: 'http://odoo.invalid',
    retries: 0,
    secrets: [credentials.apiKey],
    fetch: async () =>
      new Response(answer, {
        status: 200,
        headers: { 'content-type': contentType },
      }),
  });
}

const xmlrpcAnswering = (value: XmlRpcValue) =>
  new XmlRpcApi(clientAnswering(serializeMethodResponse(value)), credentials);

describe('XmlRpcApi refuses answers Odoo does not give', () => {
  it('an answer that is not XML-RPC', async () => {
    const api = new XmlRpcApi(
      clientAnswering('<html>login page</html>', 'text/html'),
      credentials,
    );
    await expect(api.version()).rejects.toThrow(
      new OdooProtocolError(
        'common.version: Invalid XML-RPC: expected <methodResponse>, found <html>',
      ),
    );
  });

  it('a version without server_version_info', async () => {
    await expect(
      xmlrpcAnswering({ server_version: '17.0' }).version(),
    ).rejects.toThrow(/did not answer server_version and server_version_info/);
  });

  it('a version whose first element is not a number', async () => {
    await expect(
      xmlrpcAnswering({
        server_version: 'saas~17.2',
        server_version_info: ['saas~17', 2],
      }).version(),
    ).rejects.toThrow(/without a major version/);
  });

  it('authenticate answering something other than a uid or false', async () => {
    await expect(xmlrpcAnswering('2').authenticate()).rejects.toThrow(
      /answered string instead of a user id or false/,
    );
  });

  it('search_read answering something other than a list', async () => {
    const api = xmlrpcAnswering(2);
    await expect(
      api.searchRead('ir.model', [], {
        fields: ['model'],
        limit: 1,
        offset: 0,
        order: 'id',
      }),
    ).rejects.toThrow(/ir.model.search_read did not answer a list/);
  });

  it('search_count answering something other than a count', async () => {
    // authenticate takes the first answer (uid 7), search_count gets the second
    const answers = [serializeMethodResponse(7), serializeMethodResponse('x')];
    const http = new HttpClient({
      baseUrl: 'http://odoo.invalid',
      retries: 0,
      fetch: async () => new Response(answers.shift(), { status: 200 }),
    });
    await expect(
      new XmlRpcApi(http, credentials).searchCount('ir.model', []),
    ).rejects.toThrow(/ir.model.search_count did not answer a count/);
  });
});

describe('Json2Api refuses answers Odoo does not give', () => {
  const json2Answering = (value: unknown) =>
    new Json2Api(
      clientAnswering(JSON.stringify(value), 'application/json'),
      credentials,
    );

  it('search_read answering something other than a list', async () => {
    await expect(
      json2Answering({ records: [] }).searchRead('ir.model', [], {
        fields: ['model'],
        limit: 1,
        offset: 0,
        order: 'id',
      }),
    ).rejects.toThrow(/\/json\/2\/ir.model\/search_read did not answer a list/);
  });

  it('search_count answering something other than a count', async () => {
    await expect(
      json2Answering(-1).searchCount('ir.model', []),
    ).rejects.toThrow(
      /\/json\/2\/ir.model\/search_count did not answer a count/,
    );
  });
});
