import { LintRule, SUPABASE_DOCS } from '../types';

/** Column names (lower case, `-` as `_`) that usually hold credentials, PII or financial data. */
export const SENSITIVE_COLUMN_NAMES = new Set([
  // credentials
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'secret_key',
  'private_key',
  'api_key',
  'apikey',
  'auth_key',
  'token',
  'jwt',
  'access_token',
  'refresh_token',
  'oauth_token',
  'session_token',
  'bearer_token',
  'auth_code',
  'session_id',
  'session_key',
  'session_secret',
  'recovery_code',
  'backup_code',
  'verification_code',
  'otp',
  'two_factor',
  '2fa_secret',
  '2fa_code',
  // personal identifiers
  'ssn',
  'social_security',
  'social_security_number',
  'driver_license',
  'drivers_license',
  'license_number',
  'passport_number',
  'passport_id',
  'national_id',
  'tax_id',
  // financial
  'credit_card',
  'card_number',
  'cvv',
  'cvc',
  'cvn',
  'bank_account',
  'account_number',
  'routing_number',
  'iban',
  'swift_code',
  'bic',
  // health
  'health_record',
  'medical_record',
  'patient_id',
  'insurance_number',
  'health_insurance',
  'medical_insurance',
  'treatment',
  // devices
  'mac_address',
  'macaddr',
  'imei',
  'device_uuid',
  // keys and certificates
  'pgp_key',
  'gpg_key',
  'ssh_key',
  'certificate',
  'license_key',
  'activation_key',
  // biometrics
  'facial_recognition',
]);

export const sensitiveColumnsExposed: LintRule = {
  name: 'sensitive_columns_exposed',
  title: 'Sensitive Columns Exposed',
  level: 'ERROR',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects tables exposed via API that contain columns with potentially sensitive data (PII, credentials, financial info) without RLS protection.',
  remediation: `${SUPABASE_DOCS}0023_sensitive_columns_exposed`,
  guidance:
    'Enable row level security on the table with policies that limit who reads these columns, or move the sensitive columns to a table that is not exposed.',
  severity: 5,
  fixable: true,
  supabase: true,
  detect(index) {
    return index.readableTablesWithoutRls().flatMap(t => {
      const sensitive = index
        .columnsOf(t.schema, t.name)
        .map(c => c.name)
        .filter(name =>
          SENSITIVE_COLUMN_NAMES.has(name.toLowerCase().replace(/-/g, '_')),
        )
        .sort();
      if (sensitive.length === 0) return [];
      return [
        {
          detail: `Table \`${t.schema}.${
            t.name
          }\` is exposed via API without RLS and contains potentially sensitive column(s): ${sensitive.join(
            ', ',
          )}. This may lead to data exposure.`,
          metadata: {
            schema: t.schema,
            name: t.name,
            type: 'table',
            sensitive_columns: sensitive,
            matched_patterns: [
              ...new Set(
                sensitive.map(n => n.toLowerCase().replace(/-/g, '_')),
              ),
            ].sort(),
          },
          cacheKey: [t.schema, t.name],
        },
      ];
    });
  },
};
