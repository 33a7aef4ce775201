import { Policy } from '@platform-kit/plugin-platform-kit-common';
import { isAlwaysTrue } from '../policyExpressions';
import { LintRule, SUPABASE_DOCS } from '../types';

/** The bucket a policy expression `(bucket_id = 'x'::text)` is limited to, if that is all it says. */
function onlyBucket(expression: string): string | undefined {
  const match =
    /^\(*\s*bucket_id\s*=\s*'((?:[^']|'')*)'(?:::[a-z ]+)?\s*\)*$/i.exec(
      expression.trim(),
    );
  return match ? match[1].replace(/''/g, "'") : undefined;
}

function allowsListing(policy: Policy, bucketId: string): boolean {
  if (policy.using === null || isAlwaysTrue(policy.using)) return true;
  return onlyBucket(policy.using) === bucketId;
}

export const publicBucketAllowsListing: LintRule = {
  name: 'public_bucket_allows_listing',
  title: 'Public Bucket Allows Listing',
  level: 'WARN',
  facing: 'EXTERNAL',
  categories: ['SECURITY'],
  description:
    'Detects public storage buckets with a broad SELECT policy on `storage.objects`, which allows clients to list all files in the bucket.',
  remediation: `${SUPABASE_DOCS}0025_public_bucket_allows_listing`,
  guidance:
    'Public buckets serve objects by URL without any policy. Drop the broad SELECT policy, or narrow it (e.g. to the owner) if clients really need to list files.',
  severity: 3,
  fixable: false,
  supabase: true,
  detect(index) {
    const buckets = (index.inventory.storageBuckets ?? []).filter(
      b => b.public,
    );
    const candidates = index
      .policiesOf('storage', 'objects')
      .filter(
        p => p.permissive && (p.command === 'SELECT' || p.command === 'ALL'),
      )
      .filter(p =>
        p.roles.some(r => ['public', 'anon', 'authenticated'].includes(r)),
      );
    return buckets.flatMap(bucket => {
      const names = candidates
        .filter(p => allowsListing(p, bucket.id))
        .map(p => p.name)
        .sort();
      if (names.length === 0) return [];
      return [
        {
          detail: `Public bucket \`${bucket.name}\` has ${
            names.length
          } broad SELECT ${
            names.length === 1 ? 'policy' : 'policies'
          } on \`storage.objects\` (${names.join(
            ', ',
          )}), allowing clients to list all files. Public buckets don't need this for object URL access and it may expose more data than intended.`,
          metadata: {
            schema: 'storage',
            name: bucket.name,
            type: 'bucket',
            bucket_id: bucket.id,
            bucket_name: bucket.name,
            policy_names: names,
            policy_count: names.length,
          },
          cacheKey: [bucket.id],
        },
      ];
    });
  },
};
