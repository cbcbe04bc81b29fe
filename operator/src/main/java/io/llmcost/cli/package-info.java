/** Command-line entry points: each command wires the pieces and holds no business logic. */
package io.llmcost.cli;
