package io.llmcost.cli;

import java.util.concurrent.CountDownLatch;

/** Long-running commands: block until SIGTERM / Ctrl-C, then close what they started, in order. */
final class Lifecycle {
  private Lifecycle() {}

  static void runUntilShutdown(AutoCloseable... resources) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (AutoCloseable resource : resources) {
                    try {
                      resource.close();
                    } catch (Exception e) {
                      System.err.println("while stopping: " + e.getMessage());
                    }
                  }
                  stopped.countDown();
                }));
    stopped.await();
  }
}
