package io.llmcost.cli.demo;

import java.io.PrintStream;
import java.util.List;

/** A line diff (longest common subsequence): unchanged lines, - removed, + added. */
final class Diff {
  private Diff() {}

  static void print(PrintStream out, String before, String after) {
    List<String> a = before.lines().toList();
    List<String> b = after.lines().toList();
    int[][] common = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        common[i][j] =
            a.get(i).equals(b.get(j))
                ? common[i + 1][j + 1] + 1
                : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        out.println("      " + a.get(i++));
        j++;
      } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
        out.println("    - " + a.get(i++));
      } else {
        out.println("    + " + b.get(j++));
      }
    }
  }
}
