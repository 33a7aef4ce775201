import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

/**
 * OpenTelemetry metrics for Prometheus: `http://HOST:9464/metrics` unless
 * PLATFORM_KIT_METRICS_PORT says otherwise (`0` turns it off). Imported
 * before anything else, so that plugins get a real meter when they start.
 */
const port = Number(process.env.PLATFORM_KIT_METRICS_PORT ?? 9464);
if (Number.isInteger(port) && port > 0) {
  const exporter = new PrometheusExporter({ port, preventServerStart: true });
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));
  exporter.startServer().catch(error => {
    // The backend runs on without metrics rather than failing to start.
    console.warn(
      `Metrics are off: cannot listen on port ${port} (${error.message}); set PLATFORM_KIT_METRICS_PORT to a free port or 0`,
    );
  });
}
