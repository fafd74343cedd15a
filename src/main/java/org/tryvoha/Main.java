package org.tryvoha;

import org.tryvoha.cli.TryvohaCommand;
import picocli.CommandLine;

public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(TryvohaCommand.commandLine().execute(args));
  }
}
