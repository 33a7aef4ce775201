import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Fail the task unless the bundle the template wrote is complete',
    example: yaml.stringify({
      steps: [
        {
          id: 'spec',
          action: 'platform-kit:spec-bundle:create',
          name: 'Write the spec bundle',
          input: {
            name: '${{ parameters.name }}',
            owner: '${{ parameters.owner }}',
            purpose: '${{ parameters.description }}',
            kind: 'app',
          },
        },
        {
          id: 'check-spec',
          action: 'platform-kit:spec-bundle:validate',
          name: 'Check the spec bundle',
        },
      ],
    }),
  },
  {
    description: 'Check the bundles of a repository fetched into a sub-folder',
    example: yaml.stringify({
      steps: [
        {
          id: 'check-spec',
          action: 'platform-kit:spec-bundle:validate',
          name: 'Check the spec bundles',
          input: { targetPath: 'repo' },
        },
      ],
    }),
  },
];
