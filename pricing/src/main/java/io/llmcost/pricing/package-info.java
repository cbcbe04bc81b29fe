/**
 * Price resolution, the cost formula and the LiteLLM importer.
 *
 * <p>Pure Java: no I/O, no clock, no Kubernetes client. Inputs are parsed specs and token counts;
 * outputs are BigDecimal costs at nano-USD scale.
 */
package io.llmcost.pricing;
