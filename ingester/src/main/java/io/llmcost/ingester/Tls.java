package io.llmcost.ingester;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server TLS context from PEM files: a certificate chain and a PKCS#8 private key (RSA or EC).
 */
final class Tls {
  private Tls() {}

  static SSLContext serverContext(Path certificateChain, Path privateKey) {
    try {
      Certificate[] chain;
      try (var in = Files.newInputStream(certificateChain)) {
        chain =
            CertificateFactory.getInstance("X.509")
                .generateCertificates(in)
                .toArray(Certificate[]::new);
      }
      String pem = Files.readString(privateKey);
      if (!pem.contains("BEGIN PRIVATE KEY")) {
        throw new IllegalArgumentException(
            privateKey + " must hold a PKCS#8 key (-----BEGIN PRIVATE KEY-----)");
      }
      byte[] der =
          Base64.getMimeDecoder()
              .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
      PrivateKey key;
      try {
        key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException notRsa) {
        key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", key, new char[0], chain);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, new char[0]);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot load the TLS certificate or key: " + e.getMessage(), e);
    }
  }
}
