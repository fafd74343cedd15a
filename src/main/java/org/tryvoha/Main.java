package org.tryvoha;

import org.tryvoha.cli.TryvohaCommand;
import picocli.CommandLine;

public final class Main {
    private Main() {}

    public static void main(String[] args) {
        CommandLine cl = TryvohaCommand.commandLine();
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(code);
    }
}
