declare module 'parse-prometheus-text-format' {
  /** Parses the Prometheus text exposition format into metric families (an independent parser, used by tests). */
  export default function parsePrometheusTextFormat(text: string): unknown[];
}
