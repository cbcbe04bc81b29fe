/**
 * The resource model: custom resource classes for {@code llmcost.io/v1alpha1} and shared value
 * types.
 *
 * <p>Money and prices are decimal strings in the API and {@link java.math.BigDecimal} in code. This
 * package holds no client, no I/O and no business logic; the CRDs in {@code crds/} are generated
 * from it.
 */
package io.llmcost.model;
