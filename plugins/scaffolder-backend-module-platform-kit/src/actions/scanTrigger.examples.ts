import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Scan the repository the template just registered',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'catalog:register',
          name: 'Register',
          input: {
            repoContentsUrl: '${{ steps.publish.output.repoContentsUrl }}',
            catalogInfoPath: '/catalog-info.yaml',
          },
        },
        {
          id: 'scan',
          action: 'platform-kit:scan:trigger',
          name: 'First Platform Kit scan',
          input: { entityRef: '${{ steps.register.output.entityRef }}' },
        },
      ],
    }),
  },
  {
    description: 'Wait up to five minutes for a slow catalog',
    example: yaml.stringify({
      steps: [
        {
          id: 'scan',
          action: 'platform-kit:scan:trigger',
          name: 'First Platform Kit scan',
          input: {
            entityRef: 'component:default/checkout-api',
            timeoutSeconds: 300,
          },
        },
      ],
    }),
  },
];
