import { useState } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, Tab, Tabs } from '@material-ui/core';
import { CORE_CAPABILITIES } from '@platform-kit/plugin-platform-kit-common';
import { EntityParityContent } from './parity/EntityParityContent';
import { FindingsPanel } from './findings/FindingsPanel';
import { InventoryPanel } from './inventory/InventoryPanel';
import { RemediationPanel } from './remediation/RemediationPanel';
import { ExemptionsPanel } from './exemptions/ExemptionsPanel';

const capabilities = CORE_CAPABILITIES.capabilities.map(c => ({
  id: c.id,
  title: c.title,
}));

/** The "Parity" tab: score, capabilities, and below them findings, inventory, remediation and exemptions. */
export const EntityPlatformKitContent = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const [tab, setTab] = useState(0);
  // A plan created from the findings shows up in the remediation tab.
  const [plansVersion, setPlansVersion] = useState(0);
  const panels = [
    {
      label: 'Findings',
      body: (
        <FindingsPanel
          entityRef={entityRef}
          onPlanCreated={() => {
            setPlansVersion(v => v + 1);
            setTab(2);
          }}
        />
      ),
    },
    { label: 'Inventory', body: <InventoryPanel entityRef={entityRef} /> },
    {
      label: 'Remediation',
      body: <RemediationPanel key={plansVersion} entityRef={entityRef} />,
    },
    {
      label: 'Exemptions',
      body: (
        <ExemptionsPanel entityRef={entityRef} capabilities={capabilities} />
      ),
    },
  ];
  return (
    <EntityParityContent
      extra={
        <Box>
          <Tabs
            value={tab}
            onChange={(_, value) => setTab(value)}
            aria-label="Platform Kit details"
            indicatorColor="primary"
          >
            {panels.map(p => (
              <Tab key={p.label} label={p.label} />
            ))}
          </Tabs>
          <Box pt={2}>{panels[tab].body}</Box>
        </Box>
      }
    />
  );
};
