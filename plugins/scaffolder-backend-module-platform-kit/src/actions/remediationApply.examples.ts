import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Fix every security ERROR that has a safe patch',
    example: yaml.stringify({
      steps: [
        {
          id: 'remediate',
          action: 'platform-kit:remediation:apply',
          name: 'Apply the remediation plan',
          input: {
            entityRef: 'resource:default/acme-tasks-db',
            lints: ['rls_disabled_in_public', 'security_definer_view'],
          },
        },
      ],
    }),
  },
  {
    description: 'Preview an existing plan without changing anything',
    example: yaml.stringify({
      steps: [
        {
          id: 'preview',
          action: 'platform-kit:remediation:apply',
          name: 'Preview the plan',
          input: {
            planId: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
            dryRun: true,
          },
        },
      ],
    }),
  },
];
