package io.llmcost.pricing;

import java.util.Locale;
import java.util.Map;

/**
 * One name per provider, so that a span's {@code gen_ai.provider.name} (GenAI semantic conventions:
 * {@code gcp.vertex_ai}, {@code aws.bedrock}…) finds a catalog imported from LiteLLM ({@code
 * vertex_ai-language-models}, {@code bedrock}…).
 */
public final class ProviderNames {
  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("gcp.vertex_ai", "vertex_ai"),
          Map.entry("vertex_ai-language-models", "vertex_ai"),
          Map.entry("vertex_ai-embedding-models", "vertex_ai"),
          Map.entry("vertex_ai-anthropic_models", "vertex_ai"),
          Map.entry("gcp.gemini", "gemini"),
          Map.entry("gcp.gen_ai", "gemini"),
          Map.entry("google_ai_studio", "gemini"),
          Map.entry("aws.bedrock", "bedrock"),
          Map.entry("bedrock_converse", "bedrock"),
          Map.entry("azure.ai.openai", "azure"),
          Map.entry("az.ai.openai", "azure"),
          Map.entry("azure.ai.inference", "azure_ai"),
          Map.entry("az.ai.inference", "azure_ai"),
          Map.entry("x_ai", "xai"),
          Map.entry("text-completion-openai", "openai"),
          Map.entry("mistral_ai", "mistral"),
          Map.entry("ibm.watsonx.ai", "watsonx"),
          Map.entry("moonshotai", "moonshot"));

  private ProviderNames() {}

  /** The canonical lower-case name, or null when no provider is given. */
  public static String canonical(String provider) {
    if (provider == null || provider.isBlank()) {
      return null;
    }
    String lower = provider.trim().toLowerCase(Locale.ROOT);
    return ALIASES.getOrDefault(lower, lower);
  }
}
